-- When each applied event was sent to the queue (the message's SQS SentTimestamp) and when the listener received it.
-- The rows are never updated, so pg_xact_commit_timestamp(xmin) (with track_commit_timestamp = on) is when the
-- consumer's transaction committed: together they say where an event's time went. Nullable, no default: adding
-- them rewrites nothing.
alter table processed_event
    add column sent_at     timestamptz,
    add column received_at timestamptz;
