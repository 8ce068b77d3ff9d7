-- automate.batch: a run can start child runs (one per item); a child reports back to its parent's node item.
ALTER TABLE workflow_run
    ADD COLUMN parent_run_id  UUID REFERENCES workflow_run (id),
    ADD COLUMN parent_node_id TEXT,
    ADD COLUMN parent_item    INT;
CREATE INDEX workflow_run_parent ON workflow_run (parent_run_id) WHERE parent_run_id IS NOT NULL;
