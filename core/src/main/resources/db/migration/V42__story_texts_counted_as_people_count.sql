-- A story's title, summary and author are limited to 300, 2,000 and 200 characters as people count them (an emoji
-- is one); H2 counts Java's, two for an emoji, so its columns hold twice as many. A widening: no row changes.
alter table article alter column title set data type varchar(600);
alter table article alter column summary set data type varchar(4000);
alter table article alter column author set data type varchar(400);
alter table feed_entry alter column title set data type varchar(600);
