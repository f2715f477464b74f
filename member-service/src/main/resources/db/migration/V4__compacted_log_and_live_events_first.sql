-- Compaction asks, for each old event, whether a newer event of the same member exists.
create index event_log_member on event_log (member_id, sequence);

-- The relay claims events never published before events a replay queued again (requeued_at set), so that a
-- replay of the whole log never holds up a live event.
create index event_log_live on event_log (sequence) where published_at is null and requeued_at is null;
