-- A feed's correction of its entry's new title keeps both titles, so that each reader's email words it in their
-- language; the text stays the staff's. Columns as wide as the story's title (V42).
alter table correction add column retitled_from varchar(600);
alter table correction add column retitled_to varchar(600);
