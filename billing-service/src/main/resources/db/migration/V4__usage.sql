-- The quantity a task was finally charged for (its actual seconds or items, or what was reserved when the task did
-- not report less): what usage analytics count as minutes rendered.
ALTER TABLE credit_reservation ADD COLUMN settled_quantity DOUBLE PRECISION CHECK (settled_quantity >= 0);
CREATE INDEX task_usage_owner_updated ON task_usage (owner_id, updated_at);
