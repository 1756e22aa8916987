-- One row that an alert holds while it queues its story, and that a digest run's batch takes just before it commits:
-- whichever comes second sees the other's mail, so no reader gets a story both as an alert and in a digest because
-- the two were written at the same moment. Its only use is as a lock.
create table alert_gate (id int primary key);
insert into alert_gate (id) values (1);
