package io.backupcenter.vault.vm;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.backupcenter.contracts.vm.ConsistencyHooks;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.vault.protection.ProtectedItem;
import io.backupcenter.vault.protection.ProtectionState;

import java.time.Instant;
import java.util.List;

/** A VM as the API shows it, with the protection that holds it (null when it is protectable). */
public record VmView(
        String id,
        String name,
        String resourceGroup,
        String region,
        OsType osType,
        PowerState powerState,
        List<DiskSpec> disks,
        @JsonInclude(JsonInclude.Include.NON_NULL) ConsistencyHooks consistencyHooks,
        Protection protection,
        Instant createdAt,
        Instant updatedAt) {

    /** The item holding the VM; {@code configureBackupJobId} in the answer that enabled it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Protection(String protectedItemId, String vaultId, String policyId, ProtectionState protectionState,
            String configureBackupJobId) {
    }

    public static VmView from(VirtualMachine vm, ProtectedItem item, String configureBackupJobId) {
        Protection protection = item == null ? null
                : new Protection(item.id, item.vaultId, item.policyId, item.protectionState(), configureBackupJobId);
        return new VmView(vm.id, vm.name, vm.resourceGroup, vm.region, vm.osType, vm.powerState, vm.disks,
                vm.consistencyHooks, protection, vm.createdAt, vm.updatedAt);
    }
}
