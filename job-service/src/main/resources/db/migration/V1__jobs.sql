create table job (
    id                text primary key,
    operation         text        not null,
    status            text        not null,
    entity_name       text,
    vault_id          text,
    protected_item_id text,
    start_time        timestamptz not null,
    end_time          timestamptz,
    progress_percent  integer     not null default 0,
    error_code        text,
    error_message     text,
    initiated_by      text,
    updated_at        timestamptz not null
);

-- The Backup Jobs view: newest first, filtered by status, operation, vault or item; keyset paging on (start_time, id).
create index job_newest on job (start_time desc, id desc);
create index job_by_status on job (status, start_time desc, id desc);
create index job_by_vault on job (vault_id, start_time desc, id desc);
create index job_by_item on job (protected_item_id, start_time desc, id desc);
