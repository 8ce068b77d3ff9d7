-- The cursor counter of every stream ('user:<sub>', 'task:<id>', 'run:<id>', 'chat:<id>', 'project:<id>') and the user
-- it belongs to. A row is never deleted, even when pruning empties its stream, so a cursor is never handed out twice.
-- Allocating a cursor locks the row until commit, so a stream's events commit in cursor order.
CREATE TABLE stream_cursor (
    stream_key  TEXT   PRIMARY KEY,
    owner_id    TEXT   NOT NULL,
    last_cursor BIGINT NOT NULL CHECK (last_cursor > 0)
);

-- The bounded replay window: each event stored once in every stream it belongs to, for clients resuming after a cursor.
CREATE TABLE replay_event (
    stream_key  TEXT        NOT NULL,
    cursor      BIGINT      NOT NULL,
    event_id    UUID        NOT NULL,
    owner_id    TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    -- clock_timestamp(), not now(): taken after the stream's cursor lock, so received_at grows with the cursor and
    -- pruning by age removes a stream's oldest events first, never one in the middle.
    received_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (stream_key, cursor),
    UNIQUE (stream_key, event_id)
);
CREATE INDEX replay_event_received_at ON replay_event (received_at);
