-- Relying parties, in the layout Spring Authorization Server's JdbcRegisteredClientRepository reads;
-- timestamps with time zone so instants survive any server time zone.
CREATE TABLE oauth2_registered_client (
    id varchar(100) NOT NULL,
    client_id varchar(100) NOT NULL,
    client_id_issued_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret varchar(200) DEFAULT NULL,
    client_secret_expires_at timestamp with time zone DEFAULT NULL,
    client_name varchar(200) NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types varchar(1000) NOT NULL,
    redirect_uris varchar(4000) DEFAULT NULL,
    post_logout_redirect_uris varchar(4000) DEFAULT NULL,
    scopes varchar(1000) NOT NULL,
    client_settings varchar(2000) NOT NULL,
    token_settings varchar(2000) NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX oauth2_registered_client_client_id ON oauth2_registered_client (client_id);

-- Long-lived consents: what a citizen allowed a relying party to have.
CREATE TABLE oauth2_authorization_consent (
    registered_client_id varchar(100) NOT NULL,
    principal_name varchar(200) NOT NULL,
    authorities varchar(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- Token signing keys; the private part is AES-GCM encrypted under the master key.
CREATE TABLE signing_key (
    kid varchar(64) NOT NULL,
    algorithm varchar(16) NOT NULL,
    public_jwk varchar(4000) NOT NULL,
    private_key_encrypted varchar(8000) NOT NULL,
    status varchar(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    PRIMARY KEY (kid)
);
CREATE INDEX signing_key_status ON signing_key (status, algorithm);
