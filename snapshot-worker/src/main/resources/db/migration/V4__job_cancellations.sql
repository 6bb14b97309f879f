-- Jobs someone asked to cancel (from job-cancellations): the worker running one stops, and a worker that receives
-- one later does not start it.
create table job_cancellation (
    job_id       text        primary key,
    requested_at timestamptz not null
);
