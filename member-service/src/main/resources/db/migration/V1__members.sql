-- The members, as the database member-service was split out of already holds them: on that database Flyway
-- baselines at this version (docs/splitting.md) and applies only what follows.
create table member (
    id         uuid primary key,
    name       varchar(200) not null,
    email      varchar(320) not null,
    created_at timestamptz  not null
);

-- one account per address, whatever its case
create unique index member_email_unique on member (lower(email));
