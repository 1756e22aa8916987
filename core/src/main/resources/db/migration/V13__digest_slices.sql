-- A digest run too big for one node is cut into slices of readers by id, which every node claims the way it claims
-- deliveries (SELECT … FOR UPDATE SKIP LOCKED, under a lease): the node whose tick started the run and every other
-- node share the work. What a run is (its clock, its frequencies) is written down so that each node builds the same
-- digests; cursors and digest_once_per_period keep it right whoever presses which slice, or both.
create table digest_run (
    id            varchar(36) primary key,
    -- The node that started the run presses its slices itself; the other nodes' slice workers help.
    started_by    varchar(80) not null,
    frequencies   varchar(64) not null,
    manual        boolean     not null,
    started_at    timestamp with time zone not null,
    covered_until timestamp with time zone not null
);

create table digest_slice (
    run_id      varchar(36) not null references digest_run (id) on delete cascade,
    -- Readers with first_id <= id <= last_id.
    first_id    bigint      not null,
    last_id     bigint      not null,
    claimed_by  varchar(80),
    lease_until timestamp with time zone,
    done_at     timestamp with time zone,
    considered  integer,
    queued      integer,
    primary key (run_id, first_id),
    constraint digest_slice_in_order check (first_id <= last_id)
);
