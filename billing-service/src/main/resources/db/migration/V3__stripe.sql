-- The Stripe customer of each user who started a checkout: created once (idempotency key from the owner id).
CREATE TABLE stripe_customer (
    owner_id    TEXT        PRIMARY KEY,
    customer_id TEXT        NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One purchase per checkout started: a credit pack (mode=payment) or a plan (mode=subscription). Its id is ours and
-- derives the Stripe idempotency key, so a retried checkout creation never opens a second session.
CREATE TABLE purchase (
    id                  UUID        PRIMARY KEY,
    owner_id            TEXT        NOT NULL,
    kind                TEXT        NOT NULL CHECK (kind IN ('pack', 'plan')),
    product             TEXT        NOT NULL,
    credits             BIGINT      NOT NULL CHECK (credits > 0),
    amount_usd          NUMERIC(10, 2) NOT NULL CHECK (amount_usd > 0),
    status              TEXT        NOT NULL CHECK (status IN ('created', 'open', 'pending', 'paid', 'failed', 'refunded')),
    checkout_session_id TEXT        UNIQUE,
    payment_intent_id   TEXT,
    -- Credits taken back by refunds so far; a later, larger refund of the same charge takes only the difference.
    refunded_credits    BIGINT      NOT NULL DEFAULT 0 CHECK (refunded_credits >= 0 AND refunded_credits <= credits),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    paid_at             TIMESTAMPTZ
);
CREATE INDEX purchase_owner ON purchase (owner_id, created_at DESC);
CREATE INDEX purchase_payment_intent ON purchase (payment_intent_id);

-- The latest known state of each Stripe subscription (a monthly plan).
CREATE TABLE subscription (
    subscription_id      TEXT        PRIMARY KEY,
    owner_id             TEXT        NOT NULL,
    plan                 TEXT        NOT NULL,
    status               TEXT        NOT NULL,
    cancel_at_period_end BOOLEAN     NOT NULL DEFAULT false,
    current_period_end   TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX subscription_owner ON subscription (owner_id, updated_at DESC);

-- Stripe event ids already handled, written with their effect: Stripe delivers at least once.
CREATE TABLE stripe_event (
    event_id    TEXT        PRIMARY KEY,
    event_type  TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
