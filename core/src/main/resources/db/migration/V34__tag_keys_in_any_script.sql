-- A tag key or label is 1 to 50 characters counted as code points (TagKey), which is how PostgreSQL counts a varchar's
-- length; H2 counts UTF-16 units, two for a letter beyond the Basic Multilingual Plane (an Adlam or a rare Han
-- letter), so a column of 50 would refuse a valid key there. 100 holds every valid key on both databases.
alter table tag alter column tag_key set data type varchar(100);
alter table tag alter column label set data type varchar(100);
alter table tag alter column alias_of set data type varchar(100);
alter table article_tag alter column tag_key set data type varchar(100);
alter table subscriber_tag alter column tag_key set data type varchar(100);
alter table tag_offer alter column tag_key set data type varchar(100);
alter table tag_offer alter column offered set data type varchar(100);
alter table retirement_owed alter column tag_key set data type varchar(100);

-- A key is its label lower-cased, as Java does it. Two letters lower differently here: a capital İ leaves a dot above
-- on its i, which the key drops (#İstanbul is istanbul; PostgreSQL's lower() drops it too, H2's keeps it), and a
-- capital Σ ending a word is ς in Java and H2 but σ in PostgreSQL, so both sides compare with σ.
alter table tag drop constraint tag_key_is_lower_label;
alter table tag add constraint tag_key_is_lower_label
    check (replace(tag_key, U&'\03C2', U&'\03C3') = replace(replace(lower(label), U&'i\0307', 'i'), U&'\03C2', U&'\03C3'));
