-- An event appended while its instance's relay has room is written already claimed for that relay (claimed_until
-- set by the insert itself) and handed to it in memory at commit: no other relay's poll takes it while the lease
-- lasts, and the relay publishes it without a claim of its own. After a crash the lease ends and any relay's
-- poll publishes it.

-- The transaction that appended the event. With track_commit_timestamp = on,
-- pg_xact_commit_timestamp(appended_by::xid) is the moment the event became visible, however often the row is
-- updated later; null where commit timestamps are off, or once PostgreSQL has truncated them for old transactions.
alter table event_log add column appended_by xid8 not null default pg_current_xact_id();
