-- When a citizen consented to an OIDC client, for the account center's list of app authorizations.
-- The default fills it on Spring Authorization Server's own insert; its update (more scopes later)
-- leaves it alone, so it is the time of the first consent. Rows from before this migration get the
-- time of the migration.
ALTER TABLE oauth2_authorization_consent ADD COLUMN granted_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP;
