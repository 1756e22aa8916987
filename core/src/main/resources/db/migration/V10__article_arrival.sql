-- When a story became news for Dispatch: the later of its arrival and its publication time. Digests pick the stories
-- released since a reader's last one, so a story stamped earlier than it arrives (a feed entry polled minutes later,
-- a backdated article) still reaches every reader once, and an embargoed one waits for its time.
alter table article add column released_at timestamp with time zone;
update article set released_at = greatest(published_at, created_at);
alter table article alter column released_at set not null;
create index article_released on article (released_at, id);
