-- The database the member and reservation teams shared before the split (docs/splitting.md): one schema, one
-- foreign key across the two teams' tables, deleting a member deletes its reservations.
-- psql -v ON_ERROR_STOP=1 -f ops/split/legacy-schema.sql
create table member (
    id         uuid primary key,
    name       varchar(200) not null,
    email      varchar(320) not null,
    created_at timestamptz  not null
);

create unique index member_email_unique on member (lower(email));

create table reservation (
    id         uuid primary key,
    member_id  uuid         not null references member (id) on delete cascade,
    resource   varchar(100) not null,
    starts_at  timestamptz  not null,
    ends_at    timestamptz  not null,
    created_at timestamptz  not null,
    constraint reservation_ends_after_starts check (ends_at > starts_at)
);

create index reservation_by_member on reservation (member_id);
