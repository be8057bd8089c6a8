-- A SAML provider may name the certificate its metadata document must be signed with (an enveloped
-- signature on the document's root). Portable subset only: this runs on PostgreSQL and on H2 in
-- PostgreSQL mode (the embedded default).
-- PEM or base64 DER (IdentityProviderValidator caps it at 8192 characters); null: metadata not required signed
alter table identity_provider add column saml_metadata_signing_certificate varchar(8192);

-- OIDC has no SAML metadata; CASE rather than IN, for the reason V1 gives
alter table identity_provider add constraint identity_provider_metadata_signer_ck check (case
    when protocol = 'SAML' then 1
    when saml_metadata_signing_certificate is null then 1
    else 0 end = 1);
