-- Where a feed answers when its server says it moved for good (301, 308): shown to admins, who change the address
-- they configured; the poll follows the redirect meanwhile.
alter table feed add column moved_to varchar(2000);
