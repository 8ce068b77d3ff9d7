-- A run of a workflow for a person; every state change is persisted before its event is published (outbox).
CREATE TABLE workflow_run (
    id                UUID PRIMARY KEY,
    owner_id          TEXT        NOT NULL,
    project_id        UUID,
    chat_id           UUID,
    workflow_id       TEXT        NOT NULL,
    workflow_version  INT         NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('RUNNING', 'WAITING_INPUT', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    inputs            JSONB       NOT NULL DEFAULT '{}',
    output            JSONB,
    error             JSONB,
    estimated_credits BIGINT,
    actual_credits    BIGINT,
    deadline          TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at       TIMESTAMPTZ
);
CREATE INDEX workflow_run_owner ON workflow_run (owner_id, created_at DESC);
CREATE INDEX workflow_run_project ON workflow_run (project_id) WHERE project_id IS NOT NULL;

-- One execution of a node (one per forEach item; item_index -1 when the node does not fan out). A generator node's
-- task id is deterministic (run + node + item + attempt), so a resumed run never dispatches a task twice.
CREATE TABLE node_execution (
    run_id        UUID        NOT NULL REFERENCES workflow_run (id),
    node_id       TEXT        NOT NULL,
    item_index    INT         NOT NULL DEFAULT -1,
    node_type     TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'WAITING_INPUT', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED')),
    attempt       INT         NOT NULL DEFAULT 1,
    task_id       UUID UNIQUE,
    task_sequence BIGINT      NOT NULL DEFAULT -1,
    progress      DOUBLE PRECISION NOT NULL DEFAULT 0,
    output        JSONB,
    error         JSONB,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, node_id, item_index)
);
