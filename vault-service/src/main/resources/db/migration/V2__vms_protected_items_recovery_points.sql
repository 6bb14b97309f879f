-- Bytes the vault tier holds after dedup and compression, as the snapshot workers last reported.
alter table vault add column stored_bytes bigint not null default 0;

-- The VM inventory (protectable items).
create table virtual_machine (
    id                text primary key,
    name              text        not null,
    resource_group    text        not null,
    region            text        not null,
    os_type           text        not null,
    power_state       text        not null,
    disks             text        not null,
    consistency_hooks text,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
create unique index virtual_machine_name_in_resource_group on virtual_machine (lower(resource_group), lower(name));

-- A VM under the protection of a vault. One per VM at most, whatever its state: a VM is protected by one vault,
-- and a stopped or soft-deleted item still holds it.
create table protected_item (
    id                         text primary key,
    vault_id                   text        not null references vault (id),
    vm_id                      text        not null,
    vm_name                    text        not null,
    vm_resource_group          text        not null,
    region                     text        not null,
    policy_id                  text        not null,
    protection_state           text        not null,
    last_backup_status         text,
    last_backup_time           timestamptz,
    latest_recovery_point_time timestamptz,
    running_job_id             text,
    running_since              timestamptz,
    soft_deleted_at            timestamptz,
    purge_at                   timestamptz,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);
create unique index protected_item_one_per_vm on protected_item (vm_id);
create index protected_item_of_vault on protected_item (vault_id, protection_state);
create index protected_item_due_for_purge on protected_item (purge_at) where protection_state = 'SoftDeleted';

-- The recovery-point catalog, from snapshot-completed; a tier's data leaves with rp-expired.
create table recovery_point (
    id                      text primary key,
    protected_item_id       text        not null references protected_item (id),
    vault_id                text        not null,
    job_id                  text        not null,
    time                    timestamptz not null,
    type                    text        not null,
    size_bytes              bigint      not null,
    snapshot_resource_group text,
    bytes_read              bigint      not null,
    bytes_stored            bigint      not null,
    chunks                  bigint      not null,
    chunks_new              bigint      not null,
    in_snapshot_tier        boolean     not null,
    in_vault_tier           boolean     not null,
    snapshot_expires_at     timestamptz,
    vault_expires_at        timestamptz,
    created_at              timestamptz not null
);
create index recovery_point_of_item on recovery_point (protected_item_id, time desc);
