-- The links that confirm a sign-up (double opt-in). Only the SHA-256 of a link's token is kept, so a copy of the
-- database confirms nobody. A link works until it expires; once used it can no longer confirm anyone, and it is
-- kept (spent) until it expires only so that a second click can be answered kindly. Runs unchanged on PostgreSQL
-- and on H2 in PostgreSQL mode.
create table confirmation (
    token_hash    varchar(64) primary key,
    subscriber_id bigint      not null references subscriber (id) on delete cascade,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    used_at       timestamp with time zone,
    constraint confirmation_expires_after_creation check (expires_at > created_at)
);
-- Counting a reader's recent links (resends are capped per hour) and spending them all at once.
create index confirmation_by_subscriber on confirmation (subscriber_id, created_at);
-- Housekeeping deletes expired links.
create index confirmation_by_expiry on confirmation (expires_at);
-- Housekeeping finds sign-ups never confirmed by how long ago they were last asked for.
create index subscriber_pending_since on subscriber (status, updated_at);
