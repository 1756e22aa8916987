-- The admins' list of readers, newest or oldest first, sorts by when each signed up: a reader restored from an export
-- keeps that date, so ids no longer follow it.
create index subscriber_by_created_at on subscriber (created_at, id);
