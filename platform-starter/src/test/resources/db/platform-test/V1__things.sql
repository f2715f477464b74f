create table thing (id bigint generated always as identity primary key, name text not null);
create table thing_event (id bigint generated always as identity primary key, thing_id bigint not null references thing (id));
