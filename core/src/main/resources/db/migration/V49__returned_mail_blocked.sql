-- A refusal of the message, not of the address (RFC 3463's 5.7.x and 4.7.x, unless its words blame the recipient):
-- recorded as BLOCKED, and nobody changes.
alter table returned_mail drop constraint returned_mail_verdict_known;
alter table returned_mail add constraint returned_mail_verdict_known
    check (verdict in ('HARD_BOUNCE', 'SOFT_BOUNCE', 'BLOCKED', 'COMPLAINT', 'UNSUBSCRIBE', 'IGNORED'));
