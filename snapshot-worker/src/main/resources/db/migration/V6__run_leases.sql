-- At most one run of a backup or restore at any moment (README "What happens when …"): a run holds its row under a
-- lease with a fencing token; the request is kept with it so that the watchdog can publish the failure of a run that
-- stopped moving.
alter table backup_run
    add column lease_token      bigint not null default 0,
    add column lease_expires_at timestamptz,
    add column progressed_at    timestamptz,
    add column request          text;
alter table restore_run
    add column lease_token      bigint not null default 0,
    add column lease_expires_at timestamptz,
    add column progressed_at    timestamptz,
    add column request          text;
create index backup_run_running on backup_run (progressed_at) where state = 'Running';
create index restore_run_running on restore_run (progressed_at) where state = 'Running';
