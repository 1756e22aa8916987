-- Accounts can be disabled, and their sessions ended when their password, role or state changes. Runs unchanged on
-- PostgreSQL and on H2 in PostgreSQL mode.

-- A name is compared case-folded ("Admin", " ADMIN " and "admin" are one account); the application folds it and the
-- database keeps two accounts from sharing a folded name. Names are ASCII (letters, digits, . _ @ -), so lower() is
-- the fold of those already here. Two accounts whose names differ only in case stop this migration: rename or remove
-- one of them first.
alter table account add column folded_username varchar(100);
update account set folded_username = lower(username);
alter table account alter column folded_username set not null;
alter table account add constraint account_folded_username_unique unique (folded_username);

-- A disabled account cannot sign in; an admin may enable it again.
alter table account add column enabled boolean default true not null;

-- Raised with every new password, role or disabling: a session signed in under an older version is over, on every node.
alter table account add column credentials_version bigint default 0 not null;
