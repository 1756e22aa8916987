-- The once-per-period rule of digests moves onto the delivery itself. A separate digest record cost every reader of
-- a run one more row, two index entries and one more statement in the run's transaction, and it was read by
-- nothing but the rule. The unique key (reader, period) now sits on the digest's delivery; other kinds have no
-- period (null, which never conflicts). Queued digests were recorded by period only in the table dropped here; a run
-- in progress while this migration runs is still held to one digest per reader by the cursor, which each run moves
-- only from the value it read.
alter table delivery add column period varchar(64);
create unique index delivery_once_per_period on delivery (subscriber_id, period);
drop table digest;
