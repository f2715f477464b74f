-- A relay claims pending events for a while (a lease) in a short transaction and publishes after it commits,
-- so no row lock is held across SNS calls. A claim whose relay died expires and the events are claimed again.
-- The lease's end also tells one claim from a later one: a relay marks or releases only rows still under its own.
alter table event_log add column claimed_until timestamptz;

-- Set only on an already-published event queued again by a replay for one subscriber; cleared when published.
-- A live event never carries it, so every subscriber receives it.
alter table event_log add column replay_for varchar(64);

-- When a replay queued the event again; the publish latency counts from here rather than from occurred_at.
alter table event_log add column requeued_at timestamptz;
