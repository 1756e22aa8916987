-- A story under embargo is announced (the article.published webhook) when its time comes, not when it is stored: a
-- receiver that passes stories on would otherwise break the embargo. Stories stored before this were announced.
alter table article add column announced boolean default true not null;
-- The few stories waiting for their release, found by a minutely job without reading the others.
create index article_unannounced on article (announced, released_at);
