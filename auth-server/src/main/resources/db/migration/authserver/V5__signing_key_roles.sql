-- Keys per role with rotation: each key has a role (what it is for) and the instant it starts signing; the key of
-- a role and algorithm that signs at a given time is the last one activated by then, so every node switches at the
-- same instant. The SAML key of V1 ('SAML-RS256') becomes the SAML IdP signing key.
ALTER TABLE signing_key ADD COLUMN role varchar(32);
ALTER TABLE signing_key ADD COLUMN activates_at timestamp with time zone;
UPDATE signing_key SET role = 'saml-idp-signing', algorithm = 'RS256' WHERE algorithm = 'SAML-RS256';
UPDATE signing_key SET role = 'oidc-signing' WHERE role IS NULL;
UPDATE signing_key SET activates_at = created_at;
ALTER TABLE signing_key ALTER COLUMN role SET NOT NULL;
ALTER TABLE signing_key ALTER COLUMN activates_at SET NOT NULL;
DROP INDEX signing_key_status;
ALTER TABLE signing_key DROP COLUMN status;
CREATE INDEX signing_key_role ON signing_key (role, algorithm, activates_at);

-- Bumped with every change to signing_key: nodes compare it on a short interval and reload the keys when it moved.
CREATE TABLE signing_key_version (
    id integer NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO signing_key_version (id, version) VALUES (1, 1);
