-- The relying-party registry (admin API, bootstrap file, dynamic registration) on the table Spring
-- Authorization Server's layout already gives: each row also keeps the definition it was made from (the
-- admin API's JSON, secret hash included), a version for optimistic locking (the admin API's ETag), an
-- enabled flag, and who manages it. Inline JWK Sets live in client_settings, hence the wider column.
-- Portable subset: this runs on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).
ALTER TABLE oauth2_registered_client ADD COLUMN definition varchar(65536);
ALTER TABLE oauth2_registered_client ADD COLUMN version integer DEFAULT 1 NOT NULL;
ALTER TABLE oauth2_registered_client ADD COLUMN enabled boolean DEFAULT true NOT NULL;
ALTER TABLE oauth2_registered_client ADD COLUMN updated_at timestamp with time zone;
-- bootstrap (the YAML file), admin (the admin API) or registration (RFC 7591)
ALTER TABLE oauth2_registered_client ADD COLUMN managed_by varchar(16) DEFAULT 'bootstrap' NOT NULL;
ALTER TABLE oauth2_registered_client ALTER COLUMN client_settings SET DATA TYPE varchar(65536);
