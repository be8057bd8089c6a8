-- What a citizen allowed a SAML service provider to receive beyond its registered attributes: the
-- full ID number is sensitive personal information (PIPL art. 29), released only with this consent.
CREATE TABLE saml_consent (
    service_provider varchar(100) NOT NULL,
    account_id varchar(64) NOT NULL,
    attribute varchar(64) NOT NULL,
    granted_at timestamp with time zone NOT NULL,
    PRIMARY KEY (service_provider, account_id, attribute)
);
