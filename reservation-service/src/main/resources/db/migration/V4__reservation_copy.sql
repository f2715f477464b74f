-- The copy of the reservations held in the database this service was split out of (docs/splitting.md): how far it
-- got, written in the same transaction as the rows of each chunk, so a copy that is killed resumes after its last
-- chunk and copies every reservation once.
create table reservation_copy (
    source                  varchar(100) primary key,
    -- the source is read in the order of reservation id; the next chunk starts after this one
    last_reservation_id     uuid,
    scanned                 bigint      not null default 0,
    copied                  bigint      not null default 0,
    -- copied before (a chunk read twice, or a reservation this service already had)
    already_copied          bigint      not null default 0,
    -- of a member the replica holds as deleted: its deletion removed or will remove them anyway
    skipped_deleted_member  bigint      not null default 0,
    started_at              timestamptz not null,
    finished_at             timestamptz
);
