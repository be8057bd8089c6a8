-- What a citizen allowed a SAML service provider to receive beyond its registered attributes: the
-- full ID number is sensitive personal information (PIPL art. 29), released only with this consent.
-- Keyed by entity ID, not alias: an alias given later to another provider must not inherit consents.
CREATE TABLE saml_consent (
    entity_id varchar(1024) NOT NULL,
    account_id varchar(64) NOT NULL,
    attribute varchar(64) NOT NULL,
    granted_at timestamp with time zone NOT NULL,
    PRIMARY KEY (entity_id, account_id, attribute)
);
