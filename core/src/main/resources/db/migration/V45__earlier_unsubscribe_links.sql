-- The unsubscribe links of a reader's earlier subscriptions, from before they left and signed up again. A mailbox
-- provider's unsubscribe button posts the link of the message the reader has open, often an older one: it ends the
-- present subscription, as the reader means. Only a link's SHA-256 is kept, as for the present links; an erasure
-- takes them with the reader.
create table earlier_unsubscribe_link (
    subscriber_id bigint  not null references subscriber (id) on delete cascade,
    generation    integer not null,
    -- Null while owed: readers who signed up again before this version kept no hash of their earlier links; each
    -- node makes them at start, where the secret they were made with is known.
    token_hash    varchar(64),
    primary key (subscriber_id, generation)
);
create unique index earlier_unsubscribe_link_by_token on earlier_unsubscribe_link (token_hash);

insert into earlier_unsubscribe_link (subscriber_id, generation)
with recursive earlier (subscriber_id, generation) as (
    select id, link_generation - 1 from subscriber where link_generation > 0
    union all
    select subscriber_id, generation - 1 from earlier where generation > 0
)
select subscriber_id, generation from earlier;
