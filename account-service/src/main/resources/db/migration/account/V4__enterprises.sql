-- Legal persons (法人): enterprises, institutions and social organisations identified by their unified
-- social credit code (GB 32100-2015), and the citizens who may act for them.
-- Portable subset (PostgreSQL and H2 in PostgreSQL mode), like V1 to V3.

-- One row per enterprise a citizen registered. The USCC and name are public; the legal representative's
-- name and ID number, as the registry last gave them, are personal data: stored only encrypted, with the
-- keyed blind index of the number (as account_identity) so the representative's account can be found.
-- representative_account is the account that holds the legal_representative role, if any.
-- checked_at is when the registry last confirmed the enterprise; the re-check runs when it is 24 h old.
create table enterprise (
    uscc                     varchar(18)              not null,
    name                     varchar(200)             not null,
    organisation_type        varchar(64)              not null,
    status                   varchar(16)              not null,
    representative_account   uuid,
    representative_index     varchar(64)              not null,
    representative_number    varchar(512)             not null,
    representative_name      varchar(512)             not null,
    registry                 varchar(64)              not null,
    registry_reference       varchar(128),
    registered_at            timestamp with time zone not null,
    checked_at               timestamp with time zone not null,
    constraint enterprise_pk primary key (uscc),
    constraint enterprise_representative_fk foreign key (representative_account) references account (id),
    constraint enterprise_status_ck check (status in ('active', 'cancelled', 'inactive'))
);
create index enterprise_checked on enterprise (checked_at);

-- Who may act for an enterprise: its legal representative, and the staff (经办人) the representative
-- authorised, with their business scopes (space-separated) and an expiry. An authorisation is offered,
-- accepted by the person in their account center, and revoked (by the representative, by expiry, or
-- when the representative changes). The id is what the acceptance and revocation pages name.
create table enterprise_member (
    id           uuid                     not null,
    uscc         varchar(18)              not null,
    account_id   uuid                     not null,
    role         varchar(32)              not null,
    scopes       varchar(1000)            not null,
    state        varchar(16)              not null,
    granted_by   uuid,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone,
    ended_at     timestamp with time zone,
    end_reason   varchar(32),
    constraint enterprise_member_pk primary key (id),
    constraint enterprise_member_enterprise_fk foreign key (uscc) references enterprise (uscc),
    constraint enterprise_member_account_fk foreign key (account_id) references account (id),
    constraint enterprise_member_role_ck check (role in ('legal_representative', 'agent')),
    constraint enterprise_member_state_ck check (state in ('offered', 'accepted', 'revoked'))
);
create index enterprise_member_account on enterprise_member (account_id, state);
create index enterprise_member_uscc on enterprise_member (uscc, state);
