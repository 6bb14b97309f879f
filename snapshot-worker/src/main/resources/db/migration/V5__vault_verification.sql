-- The VM each recovery point is of: a Verify job names the VMs whose points are damaged (null for older points).
alter table recovery_point add column vm_name text;

-- The latest verification of each vault's data: which job, by which worker, when; finished_at is null while it runs
-- (or when its worker stopped in the middle: the next verification ends that job as interrupted).
create table vault_verification (
    vault_id    text primary key,
    job_id      text        not null,
    worker      text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz
);
