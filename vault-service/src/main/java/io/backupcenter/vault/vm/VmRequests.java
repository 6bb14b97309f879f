package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.ConsistencyHooks;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** The request bodies of the VM inventory. */
public final class VmRequests {

    private VmRequests() {
    }

    /** {@code POST /virtual-machines}: a VM, with backup enabled at creation when {@code backup.enabled}. */
    public record Register(
            String name,
            String resourceGroup,
            String region,
            OsType osType,
            PowerState powerState,
            List<Disk> disks,
            ConsistencyHooks consistencyHooks,
            @Valid Backup backup) {
    }

    /** One disk: {@code lun} -1 for the OS disk. */
    public record Disk(String name, Integer lun, String source) {
    }

    /**
     * Enable backup at creation: into the vault {@code vaultId}, or into {@code newVault} (created in the VM's region),
     * with the policy named {@code policyName} (default DefaultPolicy) or {@code policyId}.
     */
    public record Backup(@NotNull Boolean enabled, String vaultId, @Valid NewVault newVault, String policyName,
            String policyId) {
    }

    /** A vault to create with the VM; without {@code name}, one is suggested. */
    public record NewVault(String name, String resourceGroup) {
    }
}
