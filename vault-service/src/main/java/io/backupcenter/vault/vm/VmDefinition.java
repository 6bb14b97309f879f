package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.ConsistencyHooks;
import io.backupcenter.contracts.vm.DiskSpec;

import java.util.List;

/** A VM's fields after validation, whichever way it arrived (REST or vm-events); region in lower case. */
public record VmDefinition(
        String name,
        String resourceGroup,
        String region,
        OsType osType,
        PowerState powerState,
        List<DiskSpec> disks,
        ConsistencyHooks consistencyHooks) {
}
