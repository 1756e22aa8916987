-- What the last poll that read a feed left out (entries over the per-poll limit, without a title, a usable tag …)
-- and the last reason, and how many of its dates were absurd and replaced by the time of the poll.
alter table feed add column dropped integer not null default 0;
alter table feed add column drop_reason varchar(1000);
alter table feed add column clamped_dates integer not null default 0;
