-- Which national account each upstream identity (IdP alias + upstream subject) belongs to.
-- No foreign key to account: that table belongs to account-service; links are removed with the account
-- through the account service API, not by cascade.
create table identity_link (
    idp_alias        varchar(32)              not null,
    upstream_subject varchar(255)             not null,
    account_id       uuid                     not null,
    linked_at        timestamp with time zone not null,
    last_login_at    timestamp with time zone not null,
    constraint identity_link_pk primary key (idp_alias, upstream_subject)
);
create index identity_link_account on identity_link (account_id);
