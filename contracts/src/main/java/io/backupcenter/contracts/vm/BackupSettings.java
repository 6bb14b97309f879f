package io.backupcenter.contracts.vm;

/**
 * The {@code backup} block of a {@code VmCreated} event: protect the new VM in the vault named
 * {@code vaultName} of {@code vaultResourceGroup} with {@code policyName} (default {@code DefaultPolicy}), creating
 * the vault in the VM's region when {@code createVaultIfMissing}. Without {@code vaultName}, a name is suggested.
 */
public record BackupSettings(
        Boolean enabled,
        String vaultName,
        String vaultResourceGroup,
        String policyName,
        Boolean createVaultIfMissing) {

    /** True when the block asks for protection. */
    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }

    /** True when a missing vault may be created. */
    public boolean mayCreateVault() {
        return Boolean.TRUE.equals(createVaultIfMissing);
    }
}
