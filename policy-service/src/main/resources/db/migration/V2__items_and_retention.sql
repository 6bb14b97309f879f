-- A deleted vault stays as a tombstone, so that a late event about it is recognised as late, not as early.
alter table vault add column deleted boolean not null default false;

-- What policy-service knows of each protected item (from protection-events): what to back up and when.
-- Rows are never deleted: a purged item is a tombstone, for the same reason as vaults.
create table protected_item (
    id          text primary key,
    vault_id    text        not null,
    policy_id   text        not null,
    region      text        not null,
    vm          text        not null,
    state       text        not null,
    next_run_at timestamptz,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index protected_item_due on protected_item (next_run_at) where state = 'Active';
create index protected_item_of_policy on protected_item (policy_id);

-- Each recovery point's expiry per tier (from snapshot-completed), until both tiers have expired.
create table recovery_point (
    id                  text primary key,
    protected_item_id   text        not null,
    vault_id            text        not null,
    time                timestamptz not null,
    trigger             text        not null,
    scheduled_for       timestamptz,
    retain_until        timestamptz,
    snapshot_expires_at timestamptz not null,
    vault_expires_at    timestamptz not null,
    snapshot_expired    boolean     not null default false,
    vault_expired       boolean     not null default false,
    -- the vault tier is due but the point is its item's latest while the item is protected: kept until a newer one
    vault_kept          boolean     not null default false
);
create index recovery_point_snapshot_due on recovery_point (snapshot_expires_at) where not snapshot_expired;
create index recovery_point_vault_due on recovery_point (vault_expires_at) where not vault_expired and not vault_kept;
create index recovery_point_of_item on recovery_point (protected_item_id, time desc);
