-- Retired tags (issue #23): a tag the newsroom no longer publishes. It keeps its row and its past stories, takes no
-- new story and no new follower, and is left out of the tags offered to readers. Its followers lose it when it is
-- retired and are owed a notice, in the same transaction, so nothing is lost if a run crashes: their next digest says
-- it is gone, offers the tags listed here, and takes the notice off in the transaction that queues it.
alter table tag add column retired_at timestamp with time zone;

-- The tags a retired tag's followers are offered instead, in the order shown.
create table tag_offer (
    tag_key  varchar(50) not null references tag (tag_key),
    position integer     not null,
    offered  varchar(50) not null references tag (tag_key),
    primary key (tag_key, position),
    constraint tag_offer_not_itself check (offered <> tag_key)
);

-- The readers still to be told that a tag they followed is retired; keyed by reader first, so a digest run reads a
-- batch of readers' as a range, as it reads the corrections they are owed.
create table retirement_owed (
    subscriber_id bigint      not null references subscriber (id) on delete cascade,
    tag_key       varchar(50) not null references tag (tag_key),
    primary key (subscriber_id, tag_key)
);
