-- What the executor needs to run a task, survive a restart and never leave one RUNNING forever:
-- the provider the request asked for (provider then holds the one that runs it), the provider's job as JSON (job ids
-- and whatever re-attaching needs), which gateway instance runs it and when it last said so (a lease), and the credits
-- billing-service reserved for it.
ALTER TABLE task
    ADD COLUMN requested_provider TEXT,
    ADD COLUMN provider_job       JSONB,
    ADD COLUMN executor_id        TEXT,
    ADD COLUMN heartbeat_at       TIMESTAMPTZ,
    ADD COLUMN credits_reserved   BIGINT;

UPDATE task SET requested_provider = provider;

-- the executor claims the oldest unfinished tasks first; the sweeper looks for those past their deadline
CREATE INDEX task_claimable ON task (created_at) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX task_deadline ON task (deadline) WHERE status IN ('QUEUED', 'RUNNING');
