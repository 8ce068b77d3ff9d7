-- One credit account per user (OIDC subject), opened the first time the user is seen. The balance is the sum of the
-- owner's ledger entries; the CHECK makes an overdraft impossible whatever the code does.
CREATE TABLE credit_account (
    owner_id   TEXT        PRIMARY KEY,
    balance    BIGINT      NOT NULL CHECK (balance >= 0),
    version    BIGINT      NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every change of a balance, in order, never edited: the audit trail and the source of truth for disputes.
CREATE TABLE ledger_entry (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id      TEXT        NOT NULL REFERENCES credit_account (owner_id),
    entry_type    TEXT        NOT NULL CHECK (entry_type IN ('welcome_bonus', 'purchased', 'subscription_grant', 'reserved',
                                                             'captured', 'released', 'refunded', 'admin_adjustment')),
    delta         BIGINT      NOT NULL CHECK (delta <> 0),
    balance_after BIGINT      NOT NULL CHECK (balance_after >= 0),
    -- What the entry is about (a task id, a payment id, an idempotency key); one entry per owner, type and reference,
    -- so a retried operation can never apply twice. NULL references are not constrained.
    reference     TEXT,
    note          TEXT,
    -- Who made the entry when it was a person (the admin's subject); NULL for the system's own entries.
    actor_id      TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ledger_entry_reference ON ledger_entry (owner_id, entry_type, reference);
CREATE INDEX ledger_entry_owner ON ledger_entry (owner_id, id DESC);

CREATE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_append_only();

-- The latest known state of every task, from task.events, for usage analytics. sequence orders a task's events, so a
-- late, older event never overwrites a newer state.
CREATE TABLE task_usage (
    task_id    UUID        PRIMARY KEY,
    owner_id   TEXT        NOT NULL,
    kind       TEXT        NOT NULL,
    provider   TEXT,
    status     TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    sequence   BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX task_usage_owner ON task_usage (owner_id, created_at DESC);
