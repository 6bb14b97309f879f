-- A disk path belongs to one VM (README "Security"): the resolved path of each disk of each VM. Registering a VM on a
-- path another VM has is refused, so a caller scoped to one resource group cannot read another group's disks by
-- naming their paths. VMs registered before this table existed are entered as written (first one wins).
create table vm_disk_path (
    path  text primary key,
    vm_id text not null references virtual_machine (id) on delete cascade
);
create index vm_disk_path_of_vm on vm_disk_path (vm_id);

insert into vm_disk_path (path, vm_id)
select regexp_replace(disk ->> 'source', '^file://', ''), vm.id
from virtual_machine vm, jsonb_array_elements(vm.disks::jsonb) disk
where disk ->> 'source' like 'file:///%'
order by vm.created_at
on conflict do nothing;
