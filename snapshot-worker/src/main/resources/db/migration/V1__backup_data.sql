-- Vaults the worker stores data for (from vault-events): the redundancy decides a second copy.
create table vault (
    id                 text primary key,
    storage_redundancy text    not null,
    deleted            boolean not null default false
);

-- Each vault's data key, wrapped with the platform's master key (never stored or sent in the clear).
create table vault_key (
    vault_id    text primary key,
    wrapped_key bytea       not null,
    created_at  timestamptz not null
);

-- The chunk index: where each chunk of a vault lies (a sealed group in a pack).
create table chunk (
    vault_id     text        not null,
    id           bytea       not null,
    pack         text        not null,
    pack_offset  bigint      not null,
    length       integer     not null,
    chunk_offset integer     not null,
    chunk_length integer     not null,
    created_at   timestamptz not null,
    primary key (vault_id, id)
);
create index chunk_of_pack on chunk (vault_id, pack);

-- Bytes on storage per vault (packs and manifests), kept with every write and delete.
create table vault_usage (
    vault_id     text primary key,
    stored_bytes bigint not null
);

-- The backups this worker pool has run: a job's row makes a redelivered request a no-op.
create table backup_run (
    job_id            text primary key,
    protected_item_id text        not null,
    vault_id          text        not null,
    state             text        not null,
    worker            text        not null,
    started_at        timestamptz not null,
    finished_at       timestamptz,
    recovery_point_id text
);

-- What the data of each recovery point is: its disks' manifests (vault tier) and snapshot files (snapshot tier).
create table recovery_point (
    id                      text primary key,
    vault_id                text        not null,
    protected_item_id       text        not null,
    job_id                  text        not null unique,
    time                    timestamptz not null,
    type                    text        not null,
    size_bytes              bigint      not null,
    snapshot_resource_group text        not null,
    snapshot_path           text        not null,
    disks                   text        not null,
    in_snapshot_tier        boolean     not null,
    in_vault_tier           boolean     not null,
    created_at              timestamptz not null
);
create index recovery_point_of_vault on recovery_point (vault_id) where in_vault_tier;

-- Snapshot resource groups ("prefix n suffix") and the restore point collection (one per item and pattern) in each.
create table snapshot_resource_group (
    name        text primary key,
    pattern     text    not null,
    n           integer not null,
    collections integer not null
);
create unique index snapshot_resource_group_number on snapshot_resource_group (pattern, n);

create table restore_point_collection (
    protected_item_id text not null,
    pattern           text not null,
    resource_group    text not null references snapshot_resource_group (name),
    primary key (protected_item_id, pattern)
);
