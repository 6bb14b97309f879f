-- Expiry dates come from policy-service (retention-events), possibly before the point reaches the catalog: they
-- live apart, keyed by recovery point.
alter table recovery_point drop column snapshot_expires_at;
alter table recovery_point drop column vault_expires_at;

create table recovery_point_retention (
    recovery_point_id   text primary key,
    snapshot_expires_at timestamptz not null,
    vault_expires_at    timestamptz not null,
    assigned_at         timestamptz not null
);
