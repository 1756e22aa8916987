-- Grows whenever a stored story changes how an email shows it (its title, summary, author, url, time or tags, or how
-- one of its tags is written), in the change's own transaction. A node keeps the stories it has read for emails
-- until it grows, so that a run's stories are read once, not again for every batch of its digests. A new story does
-- not make it grow: it is read when first wanted.
create table article_revision (
    id       int    primary key,
    revision bigint not null
);
insert into article_revision (id, revision) values (1, 0);
