-- The pruner deletes the jobs that ended before the retention.
create index job_by_end_time on job (end_time) where end_time is not null;
