-- Where the assistant stands in each chat: the workflow it is filling in, the inputs gathered so far, the field it
-- asked for, and the run it started (with the step that waits for the person, if any).
CREATE TABLE assistant_state (
    chat_id       UUID PRIMARY KEY REFERENCES chat (id),
    owner_id      TEXT        NOT NULL,
    phase         TEXT        NOT NULL CHECK (phase IN ('collecting', 'confirming', 'running', 'done')),
    workflow_id   TEXT        NOT NULL,
    inputs        JSONB       NOT NULL DEFAULT '{}',
    pending_field TEXT,
    run_id        UUID,
    awaiting_node TEXT,
    awaiting      JSONB,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX assistant_state_run ON assistant_state (run_id) WHERE run_id IS NOT NULL;
