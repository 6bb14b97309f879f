create table vault (
    id                         text primary key,
    name                       text        not null,
    resource_group             text        not null,
    region                     text        not null,
    storage_redundancy         text        not null,
    soft_delete_enabled        boolean     not null,
    soft_delete_retention_days integer     not null,
    created_at                 timestamptz not null
);

-- Vault names are unique within a resource group, case-insensitively (as Azure resource names).
create unique index vault_name_in_resource_group on vault (lower(resource_group), lower(name));
