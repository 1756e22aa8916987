-- Editors and admins who sign in to the API and the pages. Readers never have an account.
create table account (
    username      varchar(100) primary key,
    password_hash varchar(500) not null,
    role          varchar(16)  not null,
    created_at    timestamp with time zone not null,
    constraint account_role_known check (role in ('EDITOR', 'ADMIN'))
);
