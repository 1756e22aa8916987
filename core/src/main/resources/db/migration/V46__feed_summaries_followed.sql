-- The summary a feed last gave each of its entries, as its SHA-256 (of the summary as a story stores it): an entry
-- whose summary changes under the same guid updates its story's, unless an editor has changed that summary since.
-- Null for entries taken before this version: their next poll notes what the feed says then, and changes nothing.
alter table feed_entry add column summary_hash varchar(64);
