-- Accounts of natural persons. Portable subset only: this runs on PostgreSQL and on H2 in
-- PostgreSQL mode (the embedded default), so no PostgreSQL-only types or functions.
-- Phones are never stored in clear (PIPL): phone_encrypted holds AES-GCM ciphertext and
-- phone_index a keyed blind index (HMAC) of the normalised number, used for look-ups.
create table account (
    id                  uuid                     not null,
    username            varchar(64),
    phone_index         varchar(64),
    phone_encrypted     varchar(512),
    password_hash       varchar(255)             not null,
    status              varchar(16)              not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    password_changed_at timestamp with time zone not null,
    constraint account_pk primary key (id),
    constraint account_username_uk unique (username),
    constraint account_phone_index_uk unique (phone_index),
    -- an account must be reachable by at least one login name
    constraint account_login_name_ck check (username is not null or phone_index is not null),
    -- index and ciphertext are written together; one without the other is a half-written row
    constraint account_phone_pair_ck check ((phone_index is null and phone_encrypted is null)
                                         or (phone_index is not null and phone_encrypted is not null)),
    -- CASE, not IN (nor ORs, which H2 rewrites to IN): H2 2.x binds an IN-list check to the
    -- session that created it, and fails with "database has been closed" once that (migration)
    -- connection is gone
    constraint account_status_ck check (case status when 'ACTIVE' then 1 when 'LOCKED' then 1
                                                     when 'DISABLED' then 1 else 0 end = 1)
);
