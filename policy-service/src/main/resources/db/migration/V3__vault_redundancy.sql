-- Scheduled backups tell the workers whether the vault keeps a second copy.
alter table vault add column storage_redundancy text;
