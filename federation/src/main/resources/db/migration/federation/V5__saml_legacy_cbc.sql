-- Encrypted assertions from SAML provinces must use AES-GCM; a province that can only encrypt with AES-CBC is
-- flagged here explicitly (legacy-cbc), and every such use is audited. Portable subset, as V4.
alter table identity_provider add column saml_legacy_cbc boolean default false not null;

-- OIDC has no encrypted assertions; CASE rather than IN, for the reason V1 gives
alter table identity_provider add constraint identity_provider_legacy_cbc_ck check (case
    when protocol = 'SAML' then 1
    when saml_legacy_cbc = false then 1
    else 0 end = 1);
