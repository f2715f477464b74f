-- The inbox is pruned by age (InboxPruning): this finds its old rows without reading the whole table.
-- Not CONCURRENTLY: under Flyway's transactional advisory lock that statement waits forever. A plain build holds
-- off inserts into the inbox until it is done, which only pauses the consumer; its messages wait in the queue.
create index if not exists processed_event_by_processed_at on processed_event (processed_at);
