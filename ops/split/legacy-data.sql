-- Fills the shared database of legacy-schema.sql with members and their reservations, as years of use leave them:
-- names from many places, addresses that differ in case, members with no reservation and members with many, no two
-- reservations of one room overlapping. The same sizes give the same members and reservations.
-- PGOPTIONS='-c legacy.members=10000 -c legacy.reservations=30000' psql -v ON_ERROR_STOP=1 -f ops/split/legacy-data.sql
select setseed(0.25);


create temporary table generated_member as
select n,
       md5('legacy-member-' || n)::uuid as id,
       (array['Minji', 'Jisoo', 'Haruto', 'Amara', 'Lucas', 'Sofia', 'Mateo', 'Aiko', 'Omar', 'Ingrid', 'Chen',
              'Priya', 'Tomás', 'Zoë', 'Kwame', 'Elif', 'Noah', 'Freya', 'Ravi', 'Mei'])[1 + n % 20] as first_name,
       (array['Kim', 'Park', 'Sato', 'Okafor', 'Silva', 'Rossi', 'García', 'Tanaka', 'Haddad', 'Larsen', 'Wang',
              'Sharma', 'Novák', 'Dubois', 'Mensah', 'Yılmaz', 'Smith', 'Berg', 'Iyer', 'Lin'])[1 + (n / 20) % 20]
           as last_name,
       now() - interval '3 years' * random() as created_at
from generate_series(1, coalesce(current_setting('legacy.members', true), '10000')::int) as n;

insert into member (id, name, email, created_at)
select id,
       first_name || ' ' || last_name,
       -- every third address was typed with capitals; the unique index ignores case
       case when n % 3 = 0 then initcap(first_name) else lower(first_name) end || '.' || lower(last_name) || '.' || n
           || '@example.com',
       created_at
from generated_member;

-- Reservation k books room k mod 150 in that room's slot k / 150 (a working day has eight one-hour slots), so no
-- two overlap; its member is drawn with a skew, so a few members hold dozens of reservations and
-- some hold none.
insert into reservation (id, member_id, resource, starts_at, ends_at, created_at)
select md5('legacy-reservation-' || k)::uuid,
       m.id,
       'room-' || lpad((k % 150)::text, 3, '0'),
       slot.starts_at,
       slot.starts_at + interval '15 minutes' * (2 + k % 3),
       m.created_at + (now() - m.created_at) * random()
from (select k, 1 + floor(power(random(), 1.6) * (select count(*) from generated_member))::int as member_n
      from generate_series(0, coalesce(current_setting('legacy.reservations', true), '30000')::int - 1) as k) as r
join generated_member m on m.n = r.member_n
cross join lateral (select date '2027-01-04' + (r.k / 150 / 8) * interval '1 day'
                           + (9 + (r.k / 150) % 8) * interval '1 hour' as starts_at) as slot;

drop table generated_member;
