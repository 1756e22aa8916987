-- A digest run writes one delivery per reader, and every index on the table is one more entry per reader to write
-- and to commit (on H2 most of the run's time). Two indexes held what other columns can carry, so they go.

-- A reader gets each story as an alert once, held the way a reader gets one digest per period: an alert's period is
-- 'ALERT <article id>'. The key leads with the period, so the readers who had a story as an alert are a range of it
-- (digests leave those stories out, and the daily cap counts them); lookups by reader have delivery_by_subscriber.
update delivery set period = 'ALERT ' || article_id where kind = 'ALERT' and article_id is not null;
drop index delivery_alert_once;
drop index delivery_once_per_period;
create unique index delivery_once_per_period on delivery (period, subscriber_id);

-- A finished delivery (SENT or FAILED, no lane) keeps in available_at the moment it finished. The queue's index,
-- (lane, available_at, id), then holds the finished deliveries by when they finished, which is what the dashboard's
-- "sent lately" and a run's progress read.
update delivery set available_at = sent_at where lane is null and sent_at is not null;
drop index delivery_by_sent_at;
