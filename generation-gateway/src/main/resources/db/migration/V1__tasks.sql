-- Every generative or analysis unit of work, from QUEUED to a terminal state. The id is the deterministic task id
-- chosen by the requester, so a duplicate request is a no-op.
CREATE TABLE task (
    id               UUID PRIMARY KEY,
    owner_id         TEXT             NOT NULL,
    project_id       UUID,
    chat_id          UUID,
    run_id           UUID,
    node_id          TEXT,
    item_index       INT,
    kind             TEXT             NOT NULL,
    provider         TEXT,
    params           JSONB            NOT NULL DEFAULT '{}',
    status           TEXT             NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    progress         DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    message          TEXT,
    sequence         BIGINT           NOT NULL DEFAULT 0,
    provider_job_ids JSONB            NOT NULL DEFAULT '[]',
    outputs          JSONB            NOT NULL DEFAULT '[]',
    result           JSONB,
    error            JSONB,
    attempts         INT              NOT NULL DEFAULT 0,
    deadline         TIMESTAMPTZ,
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ      NOT NULL DEFAULT now()
);
CREATE INDEX task_owner_created ON task (owner_id, created_at DESC);
CREATE INDEX task_unfinished ON task (status) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX task_run ON task (run_id) WHERE run_id IS NOT NULL;
