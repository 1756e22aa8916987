-- The reader's language (issue #22): every email and reader page is in it. Readers from before read English.
alter table subscriber add column language varchar(8) default 'en' not null;
alter table subscriber add constraint subscriber_language_known check (language in ('en', 'de', 'fr'));
