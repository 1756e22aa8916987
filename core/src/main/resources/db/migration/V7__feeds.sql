-- RSS/Atom feeds the app polls: their last answer, for conditional GET and for admins, and the entries already
-- taken, so an entry becomes an article once even when its feed is polled again.
create table feed (
    url             varchar(2000) primary key,
    etag            varchar(500),
    last_modified   varchar(100),
    last_polled_at  timestamp with time zone,
    last_success_at timestamp with time zone,
    last_error      varchar(1000),
    articles        integer not null default 0
);

create table feed_entry (
    feed_url   varchar(2000) not null references feed (url) on delete cascade,
    -- SHA-256 of the entry's guid, else of its link.
    entry_key  varchar(64)   not null,
    article_id bigint references article (id) on delete set null,
    seen_at    timestamp with time zone not null,
    primary key (feed_url, entry_key)
);
