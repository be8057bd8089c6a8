-- Our SAML service provider gets keys of its own: one to sign (saml-sp-signing), one to decrypt (saml-sp-decryption).
-- Until now the SAML IdP key served both, and the provinces know its certificate from our SP metadata; so each new
-- role starts with a copy of the IdP key that signs today, and the server publishes a fresh key for each role at
-- once, which takes over after the publication period (or on an administrator's rotation after it). From then on
-- no two roles share key material.
INSERT INTO signing_key (kid, role, algorithm, public_jwk, private_key_encrypted, created_at, activates_at)
SELECT kid || '-sp-signing', 'saml-sp-signing', algorithm, public_jwk, private_key_encrypted, created_at, activates_at
FROM signing_key
WHERE role = 'saml-idp-signing'
  AND activates_at = (SELECT max(activates_at) FROM signing_key
                      WHERE role = 'saml-idp-signing' AND activates_at <= CURRENT_TIMESTAMP);
INSERT INTO signing_key (kid, role, algorithm, public_jwk, private_key_encrypted, created_at, activates_at)
SELECT kid || '-sp-decryption', 'saml-sp-decryption', 'RSA-OAEP-256', public_jwk, private_key_encrypted, created_at,
       activates_at
FROM signing_key
WHERE role = 'saml-idp-signing'
  AND activates_at = (SELECT max(activates_at) FROM signing_key
                      WHERE role = 'saml-idp-signing' AND activates_at <= CURRENT_TIMESTAMP);
UPDATE signing_key_version SET version = version + 1 WHERE id = 1;
