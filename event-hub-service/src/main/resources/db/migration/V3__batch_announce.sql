-- Live delivery is announced once per written batch instead of once per stored row: the writer sends its
-- announcements itself (pg_notify in the batch's transaction, carrying each stream's cursor range), and delivers to
-- its own connections directly after the commit. The per-row trigger would announce every row a second time.
DROP TRIGGER replay_event_announce ON replay_event;
DROP FUNCTION replay_event_announce();
