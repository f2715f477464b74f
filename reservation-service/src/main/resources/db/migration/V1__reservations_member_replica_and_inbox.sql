-- What this service has learned about members from member-service's events; it never asks member-service.
create table member_replica (
    member_id     uuid primary key,
    status        varchar(16) not null check (status in ('ACTIVE', 'DELETED')),
    -- the sequence of the newest event applied for this member: an older one changes nothing
    last_sequence bigint      not null,
    updated_at    timestamptz not null
);

-- The inbox: every event id applied (or deliberately ignored), written in the same transaction as its effect,
-- so a redelivered event is recognised and changes nothing.
create table processed_event (
    event_id     uuid primary key,
    processed_at timestamptz not null
);

-- for "resource with =" in the exclusion constraint below (a trusted extension: the database owner may create it)
create extension if not exists btree_gist;

create table reservation (
    id         uuid primary key,
    member_id  uuid         not null references member_replica (member_id),
    resource   varchar(100) not null,
    starts_at  timestamptz  not null,
    ends_at    timestamptz  not null,
    created_at timestamptz  not null,
    constraint reservation_ends_after_starts check (ends_at > starts_at),
    -- two reservations of one resource never overlap, whatever the requests racing each other: the database decides
    constraint reservation_no_overlap exclude using gist (resource with =, tstzrange(starts_at, ends_at, '[)') with &&)
);

create index reservation_by_member on reservation (member_id, starts_at, id);
