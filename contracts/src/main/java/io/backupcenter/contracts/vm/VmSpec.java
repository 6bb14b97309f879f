package io.backupcenter.contracts.vm;

import io.backupcenter.contracts.Require;

import java.util.List;

/** A VM as events carry it: enough to protect it and to read its disks. */
public record VmSpec(
        String id,
        String name,
        String resourceGroup,
        String region,
        String osType,
        String powerState,
        List<DiskSpec> disks,
        ConsistencyHooks consistencyHooks) {

    public VmSpec {
        Require.field(id, "vm.id");
        disks = disks == null ? List.of() : List.copyOf(disks);
    }
}
