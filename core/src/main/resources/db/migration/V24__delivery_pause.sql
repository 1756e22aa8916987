-- Sending paused by an admin, for every node at once: while the one row is there, no delivery worker claims mail.
-- It survives a restart, as a pause must until someone resumes.
create table delivery_pause (
    id         integer primary key,
    paused_by  varchar(80) not null,
    paused_at  timestamp with time zone not null,
    constraint delivery_pause_one_row check (id = 1)
);
