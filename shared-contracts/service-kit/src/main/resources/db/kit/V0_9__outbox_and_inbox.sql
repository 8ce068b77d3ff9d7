-- Written once for every service (service-kit): the transactional outbox and the idempotent-consumer inbox.
-- A service's own V1 migration follows this one.

-- Records to publish, written in the same transaction as the state change they announce; relayed in seq order and
-- deleted once Kafka acknowledged them.
CREATE TABLE outbox (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    record_key   TEXT        NOT NULL,
    record_type  TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    traceparent  TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Event ids a consumer has applied, written in the same transaction as the effect: a redelivery finds its id here
-- and has no second effect.
CREATE TABLE inbox (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_processed_at ON inbox (processed_at);
