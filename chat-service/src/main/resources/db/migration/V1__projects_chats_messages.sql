-- A person's projects; deleting one is soft here and announced (ProjectDeleted) so media and runs follow.
CREATE TABLE project (
    id          UUID PRIMARY KEY,
    owner_id    TEXT        NOT NULL,
    type        TEXT        NOT NULL CHECK (type IN ('music-clip', 'video-edit', 'audio-edit', 'image-edit', 'custom')),
    name        TEXT        NOT NULL,
    description TEXT,
    settings    JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at  TIMESTAMPTZ
);
CREATE INDEX project_owner ON project (owner_id, created_at DESC) WHERE deleted_at IS NULL;

-- A conversation inside a project, with the state of the run it drives (from workflow.events).
CREATE TABLE chat (
    id              UUID PRIMARY KEY,
    project_id      UUID        NOT NULL REFERENCES project (id),
    owner_id        TEXT        NOT NULL,
    title           TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'idle',
    active_run_id   UUID,
    run_event_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chat_project ON chat (project_id, created_at);

-- Messages, stored verbatim (never interpreted); a client's message id makes posting idempotent.
CREATE TABLE message (
    id                UUID PRIMARY KEY,
    chat_id           UUID        NOT NULL REFERENCES chat (id),
    owner_id          TEXT        NOT NULL,
    role              TEXT        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    text              TEXT        NOT NULL,
    attachments       JSONB       NOT NULL DEFAULT '[]',
    actions           JSONB,
    client_message_id TEXT,
    seq               BIGSERIAL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (chat_id, client_message_id)
);
CREATE INDEX message_chat ON message (chat_id, seq);
