-- Readers' choices, second edition (issue #22).

-- A tag's own rhythm, overriding the reader's frequency for that tag; null: the reader's frequency.
alter table subscriber_tag add column frequency varchar(16);
alter table subscriber_tag add constraint subscriber_tag_frequency_known
    check (frequency is null or frequency in ('IMMEDIATE', 'DAILY', 'WEEKLY'));

-- How far the digests of a rhythm other than the reader's frequency have covered them: digest_cursor's twin, one
-- row per reader and rhythm of their tags, kept when the rhythm is given up. Compare and set as there; a rhythm's
-- first digest reaches back as a new reader's does, and the stories the reader had in another rhythm's digest stay
-- out (runs read the digests of the readers with rows here).
create table digest_rhythm (
    subscriber_id bigint      not null references subscriber (id) on delete cascade,
    frequency     varchar(16) not null,
    covered_until timestamp with time zone not null,
    period        varchar(64),
    updated_at    timestamp with time zone not null,
    primary key (subscriber_id, frequency),
    constraint digest_rhythm_frequency_known check (frequency in ('IMMEDIATE', 'DAILY', 'WEEKLY'))
);

-- A pause (holiday): no digest and no alert before this local date, in the reader's zone; mail resumes on it.
alter table subscriber add column paused_until date;

-- The local date an alert's window is due on in its time zone: a reader paused past it is left out.
alter table alert_window add column local_day date;

-- Digest runs find the readers with tags at a rhythm of their own, and only those, through this.
create index subscriber_tag_by_rhythm on subscriber_tag (frequency, subscriber_id);
