-- Tags over time (issue #23). A tag merged into another stays as its alias: whatever names it from then on (an
-- article, a feed's entry, a sign-up, an import, an edit) gets the tag it points to. Aliases point straight at a tag
-- that is no alias itself (a merge into an alias merges into its target, and a merge moves the aliases along), so
-- one lookup resolves any key.
alter table tag add column alias_of varchar(50);
alter table tag add constraint tag_alias_known foreign key (alias_of) references tag (tag_key);
alter table tag add constraint tag_alias_not_itself check (alias_of is null or alias_of <> tag_key);
create index tag_by_alias on tag (alias_of);
