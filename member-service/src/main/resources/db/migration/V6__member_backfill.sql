-- One row per backfill: an incremental snapshot of every member into the event log as MemberSnapshot events, a chunk
-- of members (in id order) per transaction. A chunk's events, the cursor and the counters commit together, so a
-- backfill resumes after a crash from its last committed chunk and never emits a chunk twice.
create table backfill (
    id             bigint generated always as identity primary key,
    state          varchar(16) not null check (state in ('RUNNING', 'DONE', 'FAILED')),
    chunk_size     int         not null check (chunk_size > 0),
    -- the cursor: the last member done; null until the first chunk
    last_member_id uuid,
    scanned        bigint      not null default 0,
    emitted        bigint      not null default 0,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    -- the instance that runs it, until lease_until; another takes it over once the lease has ended
    owner          varchar(200),
    lease_until    timestamptz,
    -- why it failed, for the operator reading the table
    failure        text
);

-- at most one runs: a second start fails on this index rather than on a check another start could race
create unique index backfill_one_running on backfill (state) where state = 'RUNNING';
