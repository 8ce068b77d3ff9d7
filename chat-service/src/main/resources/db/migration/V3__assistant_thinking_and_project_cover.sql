-- The assistant may be waiting for the LLM to read a message ('thinking'): the request it sent (task id, attempt,
-- conversation so far, the workflows it chose among, the message it reads) and when it gives up and falls back to
-- the deterministic parser.
ALTER TABLE assistant_state DROP CONSTRAINT assistant_state_phase_check;
ALTER TABLE assistant_state ADD CONSTRAINT assistant_state_phase_check
    CHECK (phase IN ('collecting', 'confirming', 'thinking', 'running', 'done'));
ALTER TABLE assistant_state ADD COLUMN llm_task_id  UUID;
ALTER TABLE assistant_state ADD COLUMN llm_deadline TIMESTAMPTZ;
ALTER TABLE assistant_state ADD COLUMN llm          JSONB;
CREATE UNIQUE INDEX assistant_state_llm_task ON assistant_state (llm_task_id) WHERE llm_task_id IS NOT NULL;
CREATE INDEX assistant_state_llm_deadline ON assistant_state (llm_deadline) WHERE phase = 'thinking';

-- A project's cover: the latest final or generated image (or video thumbnail) stored for it (from media.events).
ALTER TABLE project ADD COLUMN cover_media_id UUID;
ALTER TABLE project ADD COLUMN cover_at       TIMESTAMPTZ;

-- The status of a chat's latest run, apart from the status shown (which may say the assistant is 'thinking'): a
-- project's status is derived from its chats' runs.
ALTER TABLE chat ADD COLUMN run_status TEXT;
UPDATE chat SET run_status = status WHERE active_run_id IS NOT NULL;
