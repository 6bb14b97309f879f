-- Retiring a policy counts its items under the policy's exclusive lock: by index.
create index protected_item_of_policy on protected_item (policy_id);
