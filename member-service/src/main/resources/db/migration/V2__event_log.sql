-- The outbox and the event log in one: written in the same transaction as the member change,
-- published by the relay, kept after publication so a consumer can ask for a replay from any sequence.
create table event_log (
    sequence       bigint generated always as identity primary key,
    event_id       uuid        not null unique,
    event_type     varchar(64) not null,
    schema_version int         not null,
    member_id      uuid        not null,
    occurred_at    timestamptz not null,
    traceparent    varchar(55),
    published_at   timestamptz
);

create index event_log_pending on event_log (sequence) where published_at is null;
create index event_log_published_at on event_log (published_at) where published_at is not null;
