-- The SAML service providers (ministry portals) the IdP answers. Portable subset only: this runs on
-- PostgreSQL and on H2 in PostgreSQL mode (the embedded default). Column sizes match the limits
-- ServiceProviderValidator enforces, so a valid provider always fits.
CREATE TABLE saml_service_provider (
    alias varchar(32) NOT NULL,
    -- SAML core §8.3.6: a URI of at most 1024 characters (printable ASCII, so it fits the unique index)
    entity_id varchar(1024) NOT NULL,
    display_name_zh varchar(64) NOT NULL,
    display_name_en varchar(64) NOT NULL,
    -- JSON arrays of {binding, location, responseLocation, index, isDefault}; at most 16 each
    assertion_consumer_services varchar(65536) NOT NULL,
    single_logout_services varchar(65536) NOT NULL,
    -- base64 DER certificates separated by spaces (empty when none); at most 8 of 4 KB each
    signing_certificates varchar(65536) NOT NULL,
    encryption_certificates varchar(65536) NOT NULL,
    require_signed_authn_requests boolean NOT NULL,
    sign_response boolean NOT NULL,
    sign_assertion boolean NOT NULL,
    encrypt_assertion boolean NOT NULL,
    name_id_format varchar(128) NOT NULL,
    -- space-separated attribute names (name loa id_document_type id_number_masked phone id_number)
    released_attributes varchar(256) NOT NULL,
    release_full_id_number boolean NOT NULL,
    metadata_url varchar(1024),
    enabled boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    -- optimistic locking: every update increments it, and the admin API exposes it as the ETag
    version integer NOT NULL,
    CONSTRAINT saml_service_provider_pk PRIMARY KEY (alias),
    CONSTRAINT saml_service_provider_version_ck CHECK (version >= 1)
);
-- SSO looks providers up by the Issuer of their AuthnRequest; one entity ID names one provider
CREATE UNIQUE INDEX saml_service_provider_entity_id ON saml_service_provider (entity_id);
