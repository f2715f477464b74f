-- On the shared database, once reservation-service takes reservations (docs/splitting.md, step 2): the shared table
-- takes no new or changed reservation from then on. Deleting a member still deletes its reservations here (the
-- foreign key's cascade) until the last step takes the table away.
-- Back: drop trigger reservation_owned_by_reservation_service on reservation; drop function refuse_reservation_writes();
create function refuse_reservation_writes() returns trigger
language plpgsql as $$
begin
    raise exception 'reservations are made in reservation-service since the split (docs/splitting.md)'
        using errcode = 'read_only_sql_transaction';
end
$$;

create trigger reservation_owned_by_reservation_service
    before insert or update on reservation
    for each row execute function refuse_reservation_writes();
