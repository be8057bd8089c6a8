-- Administrators of the console (issue 15): people, separate from citizen accounts, each with exactly one of the
-- three separated roles (三员分立), a password hash (Argon2id, as citizens) and a TOTP secret encrypted at rest
-- with the sensitive-data keys. A version for optimistic locking (the admin API's ETag); failed sign-ins lock the
-- administrator for a while. Portable subset: this runs on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE administrators (
    username varchar(64) PRIMARY KEY,
    display_name varchar(128) NOT NULL,
    role varchar(16) NOT NULL,
    password_hash varchar(256) NOT NULL,
    totp_secret_encrypted varchar(512),
    totp_enrolled boolean DEFAULT false NOT NULL,
    totp_last_step bigint DEFAULT 0 NOT NULL,
    failed_attempts integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    enabled boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by varchar(64) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT administrators_role CHECK (role IN ('SYSTEM', 'SECURITY', 'AUDIT'))
);
