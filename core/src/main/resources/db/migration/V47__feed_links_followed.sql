-- The link a feed last gave each of its entries, as its SHA-256 (of the link as a story stores it, the empty text's
-- when it gave none): an entry whose link changes under the same guid moves its story's link, unless an editor has
-- changed that link since. Null for entries taken before this version: their next poll notes what the feed says then,
-- and changes nothing.
alter table feed_entry add column link_hash varchar(64);
