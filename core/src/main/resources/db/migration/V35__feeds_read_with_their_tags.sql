-- When a feed's content was last read (not answered 304), so that what that read did is not taken for the last poll's;
-- and the tags the feed was read with, so that a feed given other tags is read in full at once, not when it next
-- changes: its entries skipped for want of a tag become stories then.
alter table feed add column last_read_at timestamp with time zone;
alter table feed add column read_with_tags varchar(2000);
update feed set last_read_at = last_success_at;
