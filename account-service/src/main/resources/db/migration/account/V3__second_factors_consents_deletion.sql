-- Second factors, registration consent records and account deletion (PIPL).
-- Portable subset (PostgreSQL and H2 in PostgreSQL mode), like V1 and V2.

-- TOTP (RFC 6238): one confirmed authenticator per account. The shared secret is stored AES-GCM
-- encrypted (key id in the value). last_step is the last time step a code was accepted for: a code
-- is accepted only for a later step, so a code seen once (shoulder-surfed, phished) never works twice.
create table account_totp (
    account_id       uuid                     not null,
    secret_encrypted varchar(512)             not null,
    last_step        bigint                   not null,
    created_at       timestamp with time zone not null,
    constraint account_totp_pk primary key (account_id),
    constraint account_totp_account_fk foreign key (account_id) references account (id)
);

-- Recovery codes, shown once when TOTP is turned on: only a keyed hash is kept; used_at marks a spent one.
create table account_recovery_code (
    account_id uuid                     not null,
    code_hash  varchar(64)              not null,
    used_at    timestamp with time zone,
    constraint account_recovery_code_pk primary key (account_id, code_hash),
    constraint account_recovery_code_account_fk foreign key (account_id) references account (id)
);

-- Passkeys (WebAuthn). The user entity gives each account a random user handle (never the account id,
-- which relying parties see as sub); credentials are the authenticator's public key and counters, with
-- the attestation object as registered (needed again to verify assertions).
-- bound_level is the session level at registration: a passkey added in a face-verified (L3) session
-- carries that live check forward (see SecondFactorLevels).
create table passkey_user (
    account_id   uuid                     not null,
    user_handle  varchar(128)             not null,
    display_name varchar(64)              not null,
    created_at   timestamp with time zone not null,
    constraint passkey_user_pk primary key (account_id),
    constraint passkey_user_handle_uk unique (user_handle),
    constraint passkey_user_account_fk foreign key (account_id) references account (id)
);

create table passkey_credential (
    credential_id       varchar(1400)            not null,
    account_id          uuid                     not null,
    user_handle         varchar(128)             not null,
    label               varchar(64)              not null,
    credential_type     varchar(32)              not null,
    public_key          varchar(2048)            not null,
    signature_count     bigint                   not null,
    uv_initialized      boolean                  not null,
    backup_eligible     boolean                  not null,
    backup_state        boolean                  not null,
    transports          varchar(256),
    attestation_object  varchar(8192),
    client_data_json    varchar(4096),
    bound_level         integer                  not null,
    created_at          timestamp with time zone not null,
    last_used_at        timestamp with time zone,
    constraint passkey_credential_pk primary key (credential_id),
    constraint passkey_credential_account_fk foreign key (account_id) references account (id)
);
create index passkey_credential_account on passkey_credential (account_id);

-- What a citizen accepted when registering (PIPL art. 14: consent must be given freely and explicitly,
-- and be provable): which document, which version, when. Kept with the account id only.
create table account_consent_record (
    account_id  uuid                     not null,
    document    varchar(32)              not null,
    version     varchar(32)              not null,
    accepted_at timestamp with time zone not null,
    constraint account_consent_record_pk primary key (account_id, document, version)
);

-- Deletion requests (PIPL art. 47) and their outcome. A pending request is cancelled by a sign-in within
-- the cooling-off period; after erase_after the erasure job removes the personal data and keeps this row,
-- which holds nothing but the random account id and the dates (the pseudonymised record of the erasure).
create table account_deletion (
    account_id   uuid                     not null,
    requested_at timestamp with time zone not null,
    erase_after  timestamp with time zone not null,
    state        varchar(16)              not null,
    erased_at    timestamp with time zone,
    constraint account_deletion_pk primary key (account_id),
    constraint account_deletion_state_ck check (case state when 'PENDING' then 1 when 'ERASING' then 1
                                                            when 'ERASED' then 1 else 0 end = 1)
);
create index account_deletion_due on account_deletion (state, erase_after);
