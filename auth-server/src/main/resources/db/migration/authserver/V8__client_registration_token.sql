-- Dynamic Client Registration (RFC 7592): the SHA-256 (base64url) of the registration access token a
-- registered client reads, updates and deletes its registration with; null for clients made otherwise.
ALTER TABLE oauth2_registered_client ADD COLUMN registration_token_hash varchar(64);
