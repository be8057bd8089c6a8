-- Provincial identity providers that speak SAML 2.0 join the registry. Portable subset only: this runs
-- on PostgreSQL and on H2 in PostgreSQL mode (the embedded default).
-- A SAML provider has no client id, client authentication, secret or scopes; its issuer column holds
-- the IdP's entity ID, and its metadata comes from a URL or is stored inline. The certificates it signs
-- with are taken from that metadata only.
alter table identity_provider add column saml_metadata_url varchar(1024);
-- the whole metadata document (IdentityProviderValidator caps it at 256K characters)
alter table identity_provider add column saml_metadata_xml text;
-- JSON object: AuthnContextClassRef -> level of assurance (1 to 4), on top of urn:yiwang:id:loa:L1..L4
alter table identity_provider add column saml_authn_context_levels varchar(16384);

alter table identity_provider alter column client_id drop not null;
alter table identity_provider alter column client_authentication drop not null;

-- CASE rather than IN, for the reason V1 gives
alter table identity_provider drop constraint identity_provider_protocol_ck;
alter table identity_provider add constraint identity_provider_protocol_ck check (case protocol
    when 'OIDC' then 1 when 'SAML' then 1 else 0 end = 1);

alter table identity_provider drop constraint identity_provider_client_auth_ck;
alter table identity_provider add constraint identity_provider_client_auth_ck check (case
    when protocol = 'SAML' and client_authentication is null then 1
    when protocol = 'OIDC' and client_authentication = 'CLIENT_SECRET_BASIC' then 1
    when protocol = 'OIDC' and client_authentication = 'CLIENT_SECRET_POST' then 1
    when protocol = 'OIDC' and client_authentication = 'PRIVATE_KEY_JWT' then 1
    else 0 end = 1);

-- a secret exactly when the authentication method uses one; SAML uses none
alter table identity_provider drop constraint identity_provider_secret_ck;
alter table identity_provider add constraint identity_provider_secret_ck check (case
    when protocol = 'SAML' and client_secret_encrypted is null then 1
    when protocol = 'OIDC' and client_authentication = 'PRIVATE_KEY_JWT' and client_secret_encrypted is null then 1
    when protocol = 'OIDC' and client_authentication <> 'PRIVATE_KEY_JWT' and client_secret_encrypted is not null then 1
    else 0 end = 1);

-- OIDC needs a client id and no SAML settings; SAML needs exactly one source of metadata
alter table identity_provider add constraint identity_provider_protocol_settings_ck check (case
    when protocol = 'OIDC' and client_id is not null and saml_metadata_url is null and saml_metadata_xml is null
        and saml_authn_context_levels is null then 1
    when protocol = 'SAML' and client_id is null and saml_metadata_url is not null and saml_metadata_xml is null
        and saml_authn_context_levels is not null then 1
    when protocol = 'SAML' and client_id is null and saml_metadata_url is null and saml_metadata_xml is not null
        and saml_authn_context_levels is not null then 1
    else 0 end = 1);
