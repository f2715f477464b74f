-- The last step of docs/splitting.md, on what is now member-service's database alone: nothing there refers to
-- reservations any more. The foreign key goes; the table is set aside under another name, kept for the way back
-- until the team drops it, and nobody but its owner reads it.
-- Back: alter table reservation_before_split rename to reservation, then recreate the foreign key and the trigger.
begin;
alter table reservation drop constraint reservation_member_id_fkey;
drop trigger reservation_owned_by_reservation_service on reservation;
drop function refuse_reservation_writes();
alter table reservation rename to reservation_before_split;
revoke all on reservation_before_split from public;
commit;
