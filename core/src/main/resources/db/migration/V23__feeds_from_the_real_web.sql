-- Feeds as the web writes them (issue #19).

-- A url is unique among the articles that own it: every article an editor publishes, and the first story a feed gives
-- with that link. A feed's later stories may share the page (a station's daily shows all link to one), so they carry
-- the url without owning it.
alter table article add column own_url varchar(2000);
update article set own_url = url;
drop index article_url_unique;
create unique index article_own_url_unique on article (own_url);
create index article_by_url on article (url);

-- One poll of a feed at a time across the cluster: a poll leases the feed until it is done (or the lease runs out,
-- should its node die), and writes its outcome only while it holds the lease.
alter table feed add column polled_by varchar(36);
alter table feed add column polling_until timestamp with time zone;

-- What the last poll that read the feed did with its entries: stories made, stories found again (given this feed's
-- tags), entries skipped ("count<TAB>reason" lines), entries that failed (and the last failure), undated entries.
alter table feed add column last_taken integer not null default 0;
alter table feed add column last_tagged integer not null default 0;
alter table feed add column last_skipped varchar(2000);
alter table feed add column last_failed integer not null default 0;
alter table feed add column last_failure varchar(1000);
alter table feed add column last_undated integer not null default 0;

-- The date the feed gave the entry; null when it gave none that can be read (the story is then placed at the time it
-- was first seen, seen_at, and counted as undated).
alter table feed_entry add column published_at timestamp with time zone;
alter table feed_entry add column undated boolean not null default false;
