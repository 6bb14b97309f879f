-- Policies deleted (after vault-service retired them): a late event naming one is superseded, not waiting for it.
create table deleted_policy (
    id         text primary key,
    vault_id   text        not null,
    deleted_at timestamptz not null
);
