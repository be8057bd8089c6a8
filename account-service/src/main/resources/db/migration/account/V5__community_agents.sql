-- Community agents (代办员) and the delegations citizens give them (issue 16).
-- Portable subset (PostgreSQL and H2 in PostgreSQL mode), like V1 to V3.

-- A real-named citizen a security administrator flagged as community agent for a region (administrative
-- division code, GB/T 2260). Deleting the row ends the flag; the audit log keeps who did what.
create table community_agent (
    account_id uuid                     not null,
    region     varchar(12)              not null,
    flagged_by varchar(200)             not null,
    flagged_at timestamp with time zone not null,
    constraint community_agent_pk primary key (account_id)
);

-- One errand: an agent asks to act for a citizen with some scopes for a while (at most 24 hours); the
-- citizen approves on their own phone through a one-time link (only its SHA-256 digest is kept, and only
-- until it is used), and may end it at any time. expires_at is set on approval; acting_sid is the SSO
-- session in which the agent acts for the citizen, ended with the delegation.
create table agent_delegation (
    id               uuid                     not null,
    agent_id         uuid                     not null,
    citizen_id       uuid                     not null,
    region           varchar(12)              not null,
    scopes           varchar(500)             not null,
    duration_seconds integer                  not null,
    status           varchar(16)              not null,
    approval_digest  varchar(64),
    requested_at     timestamp with time zone not null,
    approve_before   timestamp with time zone not null,
    approved_at      timestamp with time zone,
    expires_at       timestamp with time zone,
    ended_at         timestamp with time zone,
    ended_by         varchar(200),
    acting_sid       varchar(64),
    constraint agent_delegation_pk primary key (id),
    constraint agent_delegation_status_ck check (status in ('PENDING', 'ACTIVE', 'REFUSED', 'ENDED'))
);

create index agent_delegation_citizen_ix on agent_delegation (citizen_id, requested_at);
create index agent_delegation_agent_ix on agent_delegation (agent_id, requested_at);
create unique index agent_delegation_approval_ix on agent_delegation (approval_digest);
