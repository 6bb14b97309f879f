package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;

/** A VM is protected by one vault at most; a stopped or soft-deleted item still holds it. */
public class VmAlreadyProtected extends ApiException.Conflict {

    public VmAlreadyProtected(String vmName, ProtectedItem holder, String holderVaultName) {
        super(holder.protectionState() == ProtectionState.SoftDeleted ? "vm-soft-deleted" : "vm-already-protected",
                message(vmName, holder, holderVaultName));
    }

    private static String message(String vmName, ProtectedItem holder, String vault) {
        return switch (holder.protectionState()) {
            case SoftDeleted -> "VM '" + vmName + "' has soft-deleted backup data in vault '" + vault
                    + "' until " + holder.purgeAt() + "; undelete it there, or wait until it is purged, to protect it again.";
            case ProtectionStopped -> "VM '" + vmName + "' is still held by vault '" + vault
                    + "', where its protection is stopped; resume it there, or delete its backup data first.";
            default -> "VM '" + vmName + "' is already protected by vault '" + vault
                    + "'; a VM can be protected by one vault only.";
        };
    }
}
