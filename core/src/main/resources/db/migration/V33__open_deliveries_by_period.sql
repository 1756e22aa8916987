-- The dashboard's progress of a send counts, for each period with open deliveries, how many are open and how many it
-- has in all, every few seconds while the send goes out. Without this index both counts read every row of the send
-- (for its lane), about a second of CPU for 100,000 open digests on H2, and ten for a million; with it the open ones
-- are counted from this index and the whole from delivery_once_per_period, neither reading a row. Its entry changes
-- when a delivery is queued and when it finishes (the lane goes), not when a claim or a retry moves available_at.
create index delivery_open_by_period on delivery (lane, period);
