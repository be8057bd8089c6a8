-- The registry of provincial identity providers (随申办, 浙里办, 粤省事 …). Portable subset only:
-- this runs on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).
-- Column sizes match the limits IdentityProviderValidator enforces, so a valid provider always fits.
-- Our client secret at the upstream is never stored in clear: client_secret_encrypted holds the
-- AES-GCM ciphertext written by SensitiveDataProtector (null with private_key_jwt, which uses no secret).
create table identity_provider (
    alias                   varchar(32)              not null,
    display_name_zh         varchar(64)              not null,
    display_name_en         varchar(64)              not null,
    region_code             varchar(6)               not null,
    protocol                varchar(16)              not null,
    issuer                  varchar(512)             not null,
    client_id               varchar(255)             not null,
    client_secret_encrypted varchar(2048),
    client_authentication   varchar(32)              not null,
    -- space-separated, like the OAuth scope parameter (RFC 6749 §3.3): at most 16 tokens of 64
    scopes                  varchar(1040)            not null,
    -- JSON object: account attribute -> upstream claim name
    claim_mappings          varchar(2048)            not null,
    trust_level             integer                  not null,
    enabled                 boolean                  not null,
    shown_on_login_page     boolean                  not null,
    display_order           integer                  not null,
    updated_at              timestamp with time zone not null,
    -- optimistic locking: every update increments it, and the admin API exposes it as the ETag
    version                 integer                  not null,
    constraint identity_provider_pk primary key (alias),
    -- CASE, not IN (nor ORs, which H2 rewrites to IN): H2 2.x binds an IN-list check to the
    -- session that created it, and fails with "database has been closed" once that (migration)
    -- connection is gone
    constraint identity_provider_protocol_ck check (case protocol when 'OIDC' then 1 else 0 end = 1),
    constraint identity_provider_client_auth_ck check (case client_authentication
        when 'CLIENT_SECRET_BASIC' then 1 when 'CLIENT_SECRET_POST' then 1 when 'PRIVATE_KEY_JWT' then 1
        else 0 end = 1),
    -- a secret exactly when the authentication method uses one
    constraint identity_provider_secret_ck check (case
        when client_authentication = 'PRIVATE_KEY_JWT' and client_secret_encrypted is null then 1
        when client_authentication <> 'PRIVATE_KEY_JWT' and client_secret_encrypted is not null then 1
        else 0 end = 1),
    constraint identity_provider_trust_level_ck check (trust_level >= 1 and trust_level <= 4),
    constraint identity_provider_version_ck check (version >= 1)
);
