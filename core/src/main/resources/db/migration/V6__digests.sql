-- Digests: how far each reader's stories have been covered, and the digests queued so far.
-- The database is the arbiter when runs overlap (two nodes, two clicks, a misfire plus a manual run).

-- One row per reader who has been considered for a digest. Every story published up to covered_until has been
-- considered for the reader, in a digest or as not matching, and never is again: a run moves the cursor only from
-- the value it read (compare and set), so of two overlapping runs one wins the reader and the other leaves them.
create table digest_cursor (
    subscriber_id bigint primary key references subscriber (id) on delete cascade,
    covered_until timestamp with time zone not null,
    -- The last scheduled period handled, e.g. 'DAILY 2025-11-27' (the reader's local date) or
    -- 'WEEKLY 2025-11-24' (that week's Monday); null until the schedule first handles the reader.
    period        varchar(64),
    updated_at    timestamp with time zone not null
);

-- Every digest queued: at most one per reader and period. A manual run is a period of its own ('RUN <id>').
create table digest (
    subscriber_id bigint      not null references subscriber (id) on delete cascade,
    period        varchar(64) not null,
    run_id        varchar(36) not null,
    -- The stories it holds were published in (covered_from, covered_until].
    covered_from  timestamp with time zone not null,
    covered_until timestamp with time zone not null,
    articles      integer     not null,
    more          integer     not null,
    created_at    timestamp with time zone not null,
    constraint digest_once_per_period primary key (subscriber_id, period),
    constraint digest_holds_stories check (articles > 0 and more >= 0),
    constraint digest_covers_a_window check (covered_from < covered_until)
);
