-- A job's tasks and its live progress (from job-progress).
alter table job add column tasks text not null default '[]';
alter table job add column bytes_done bigint not null default 0;
alter table job add column bytes_total bigint not null default 0;
alter table job add column bytes_stored bigint not null default 0;
