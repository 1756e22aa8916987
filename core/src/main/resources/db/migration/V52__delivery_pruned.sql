-- Deliveries the housekeeping deleted from the history, by the status they ended in: the dashboard's "sent, ever" is
-- what the history holds and what was pruned from it, and no longer falls as old mail is deleted.
create table delivery_pruned (
    status     varchar(16) primary key,
    deliveries bigint not null
);
insert into delivery_pruned (status, deliveries) values ('SENT', 0), ('FAILED', 0);
