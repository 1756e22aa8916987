-- A run's end is announced (digest.run.finished) by the node that sees its last slice pressed, the one that started
-- it or one that took a dead node's slice back: the first to set announced_at announces, the others do not. Which
-- trigger it names, and whether an empty run is news, depends on whether a person asked for the run.
alter table digest_run add column asked boolean default false not null;
alter table digest_run add column announced_at timestamp with time zone;
