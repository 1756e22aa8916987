-- Every delivery queued pays for each index on the table. A claim finds its rows by id now, and the kind filter of
-- the admin list rides on the status index or a scan, so these two go.
drop index delivery_claim;
drop index delivery_by_kind;
