-- Deleted policies: vault-service retires a policy (while no item uses it) before policy-service deletes it, and no
-- item can be put on a retired policy. Both under an advisory lock on the policy id (shared to use, exclusive to
-- retire), so a protection and a deletion of the same policy never both succeed.
create table retired_policy (
    policy_id  text primary key,
    vault_id   text        not null,
    retired_at timestamptz not null
);

-- Why policy-service cannot schedule an item (from schedule-events); null while it does.
alter table protected_item add column schedule_error_code text;
alter table protected_item add column schedule_error_message text;
