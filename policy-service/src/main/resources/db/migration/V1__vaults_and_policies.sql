-- The vaults policy-service knows of (from vault-events).
create table vault (
    id             text primary key,
    name           text not null,
    resource_group text not null,
    region         text not null
);

create table policy (
    id                             text primary key,
    vault_id                       text        not null references vault (id),
    name                           text        not null,
    policy_type                    text        not null,
    schedule                       text        not null,
    time_zone                      text        not null,
    instant_restore_retention_days integer     not null,
    retention                      text        not null,
    snapshot_rg_prefix             text,
    snapshot_rg_suffix             text,
    created_at                     timestamptz not null,
    updated_at                     timestamptz not null
);

-- Policy names are unique within a vault.
create unique index policy_name_in_vault on policy (vault_id, lower(name));
