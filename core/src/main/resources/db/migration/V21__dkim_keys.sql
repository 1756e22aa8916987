-- DKIM keys (issue 17): the keys Dispatch signs its mail with, one per selector, so a key can be rotated: a new key is
-- published in DNS first (PUBLISH), then signs (ACTIVE), and the key it replaces is RETIRED but kept listed while its
-- DNS record must stay. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

-- The selector is the key's name in DNS ({selector}._domainkey.{domain}), so it is unique. Keys are kept as base64:
-- the private key in PKCS#8, the public key as DNS publishes it (RSA: SubjectPublicKeyInfo; Ed25519: the raw 32 bytes).
create table dkim_key (
    selector     varchar(63)   primary key,
    algorithm    varchar(16)   not null,
    private_key  varchar(8000) not null,
    public_key   varchar(2000) not null,
    state        varchar(8)    not null,
    created_at   timestamp with time zone not null,
    activated_at timestamp with time zone,
    retired_at   timestamp with time zone,
    constraint dkim_key_algorithm_known check (algorithm in ('rsa-sha256', 'ed25519-sha256')),
    constraint dkim_key_state_known check (state in ('PUBLISH', 'ACTIVE', 'RETIRED'))
);
