-- What the engine needs to resume at any instant: each node's resolved parameters, the input a display node awaits,
-- when a retry is due, and an agent node's conversation so far.
ALTER TABLE node_execution
    ADD COLUMN params     JSONB,
    ADD COLUMN awaiting   JSONB,
    ADD COLUMN not_before TIMESTAMPTZ,
    ADD COLUMN history    JSONB;
CREATE INDEX node_execution_due ON node_execution (not_before) WHERE status = 'PENDING' AND not_before IS NOT NULL;
CREATE INDEX workflow_run_active ON workflow_run (status, deadline) WHERE status IN ('RUNNING', 'WAITING_INPUT');

-- A terminal task state is "settled" once the engine has acted on it (announced it, retried, or re-asked an agent).
ALTER TABLE node_execution ADD COLUMN settled BOOLEAN NOT NULL DEFAULT false;
