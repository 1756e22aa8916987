-- The readers who had their daily cap of alerts, as a fan-out works them out before it queues anything: scratch rows,
-- like alert_window, under the fan-out's key. Set apart first because the statement that queues the alert writes the
-- very table they are counted in.
create table alert_capped (
    fan_out       bigint not null,
    subscriber_id bigint not null,
    primary key (fan_out, subscriber_id)
);
