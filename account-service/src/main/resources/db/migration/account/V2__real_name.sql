-- Real-name identities and the evidence behind each level of assurance (L1-L4).
-- The document number and the real name are stored only encrypted (AES-GCM, key id in the value);
-- number_index is the keyed blind index that makes one account per person enforceable.
create table account_identity (
    account_id       uuid                     not null,
    document_type    varchar(32)              not null,
    number_index     varchar(64)              not null,
    number_encrypted varchar(512)             not null,
    name_encrypted   varchar(512)             not null,
    created_at       timestamp with time zone not null,
    constraint account_identity_pk primary key (account_id),
    constraint account_identity_number_uk unique (number_index),
    constraint account_identity_account_fk foreign key (account_id) references account (id)
);

-- Every check that raised an account's level: which verifier, when, with what reference, and for
-- in-person checks (L4) which operator. The account's level is the highest level recorded here.
create table assurance_evidence (
    id          uuid                     not null,
    account_id  uuid                     not null,
    level       integer                  not null,
    method      varchar(32)              not null,
    verifier    varchar(64)              not null,
    reference   varchar(128),
    operator    varchar(128),
    verified_at timestamp with time zone not null,
    constraint assurance_evidence_pk primary key (id),
    constraint assurance_evidence_account_fk foreign key (account_id) references account (id),
    constraint assurance_evidence_level_ck check (level >= 1 and level <= 4)
);
create index assurance_evidence_account on assurance_evidence (account_id);
