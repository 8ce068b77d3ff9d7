-- A capture moves no credits (they left the balance when they were reserved), so its ledger entry is the one kind that
-- may record a change of 0: it is the audit record of the charge, and the reservation row holds the amount charged.
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_delta_check;
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_delta_check CHECK (delta <> 0 OR entry_type = 'captured');

-- The credits held for one task, from its reservation until it is captured (charged) or released (given back). The
-- task id is the key, so reserving twice for a task holds its credits once.
CREATE TABLE credit_reservation (
    task_id          UUID             PRIMARY KEY,
    owner_id         TEXT             NOT NULL REFERENCES credit_account (owner_id),
    kind             TEXT             NOT NULL,
    quantity         DOUBLE PRECISION NOT NULL CHECK (quantity >= 0),
    credits          BIGINT           NOT NULL CHECK (credits >= 0),
    -- What the task was finally charged: set once, on capture; never more than was held.
    charged          BIGINT           CHECK (charged >= 0 AND charged <= credits),
    status           TEXT             NOT NULL CHECK (status IN ('RESERVED', 'CAPTURED', 'RELEASED')),
    run_id           UUID,
    pricing_version  TEXT             NOT NULL,
    -- When the task last gave a sign of life (its reservation, or any of its task.events); the sweeper releases
    -- reservations whose task has been silent for too long.
    last_activity_at TIMESTAMPTZ      NOT NULL DEFAULT now(),
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    settled_at       TIMESTAMPTZ,
    CHECK ((status = 'RESERVED') = (settled_at IS NULL)),
    CHECK ((status = 'CAPTURED') = (charged IS NOT NULL))
);
CREATE INDEX credit_reservation_open ON credit_reservation (last_activity_at) WHERE status = 'RESERVED';
CREATE INDEX credit_reservation_owner ON credit_reservation (owner_id, settled_at);
