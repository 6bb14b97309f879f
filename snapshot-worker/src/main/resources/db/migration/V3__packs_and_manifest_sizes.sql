-- Every pack object of a vault and its size, so garbage collection can tell how much of each is still referenced.
create table pack (
    vault_id   text        not null,
    key        text        not null,
    size_bytes bigint      not null,
    created_at timestamptz not null,
    primary key (vault_id, key)
);

-- What a recovery point needs to find its data again when only some tiers remain.
alter table recovery_point add column geo_redundant boolean not null default true;
alter table recovery_point add column manifest_bytes bigint not null default 0;

-- Vaults whose garbage collection is due (some recovery point's vault tier or snapshot ended since the last one).
create table vault_gc (
    vault_id  text primary key,
    due_since timestamptz not null
);
