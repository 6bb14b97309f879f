package io.backupcenter.vault.vm;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Queries on the VM inventory. */
@ApplicationScoped
public class VmRepository implements PanacheRepositoryBase<VirtualMachine, String> {

    /** The VM of that name in the resource group (names compare case-insensitively), or null. */
    public Uni<VirtualMachine> named(String resourceGroup, String name) {
        return find("lower(resourceGroup) = lower(?1) and lower(name) = lower(?2)", resourceGroup, name)
                .firstResult();
    }

    /**
     * VMs matching every filter given (null = any), by name. {@code protectableOnly}: only VMs no vault holds in any
     * state (a stopped or soft-deleted item still holds its VM).
     */
    public Uni<List<VirtualMachine>> search(String region, String resourceGroup, boolean protectableOnly) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (region != null) {
            conditions.add("lower(vm.region) = lower(:region)");
            parameters.and("region", region);
        }
        if (resourceGroup != null) {
            conditions.add("lower(vm.resourceGroup) = lower(:resourceGroup)");
            parameters.and("resourceGroup", resourceGroup);
        }
        if (protectableOnly) {
            conditions.add("not exists (select 1 from ProtectedItem i where i.vmId = vm.id)");
        }
        String query = "from VirtualMachine vm" + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions));
        return find(query, Sort.by("vm.name").and("vm.resourceGroup"), parameters).list();
    }
}
