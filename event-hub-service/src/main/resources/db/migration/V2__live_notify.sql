-- Live delivery across instances: every event stored in a stream is announced on the 'eventhub_events' channel.
-- PostgreSQL sends a transaction's notifications only when it commits, to every listening instance, in commit order;
-- a stream's cursor row stays locked until commit, so each stream's announcements arrive in cursor order.
-- A notification carries at most 8000 bytes: a larger event is announced without its payload (the hubs read it from
-- replay_event instead).
CREATE FUNCTION replay_event_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('eventhub_events', json_build_object(
        'stream', NEW.stream_key,
        'cursor', NEW.cursor,
        'owner', NEW.owner_id,
        'event', CASE WHEN octet_length(NEW.payload) <= 7000 THEN NEW.payload::json END)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER replay_event_announce AFTER INSERT ON replay_event
    FOR EACH ROW EXECUTE FUNCTION replay_event_announce();
