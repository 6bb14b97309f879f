-- The vaults job-service has heard of (vault-events), for the resource group of each job: a principal limited to
-- resource groups sees only the jobs of vaults in them.
create table vault (
    id             text primary key,
    resource_group text not null
);

alter table job add column resource_group text;

-- Lists of a limited principal: newest first within its groups.
create index job_by_resource_group on job (lower(resource_group), start_time desc, id desc);
