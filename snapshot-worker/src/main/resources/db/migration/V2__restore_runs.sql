-- The restores the worker pool has run: a job's row makes a redelivered request a no-op.
create table restore_run (
    job_id      text primary key,
    state       text        not null,
    worker      text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz
);
