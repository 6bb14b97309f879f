package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;

/** The item's state does not allow what was asked. */
public class ItemStateConflict extends ApiException.Conflict {

    public ItemStateConflict(ProtectedItem item, String action) {
        super("protection-state", "Cannot " + action + " '" + item.vmName + "': its protection state is "
                + item.protectionState() + hint(item.protectionState(), action));
    }

    private static String hint(ProtectionState state, String action) {
        return switch (state) {
            case SoftDeleted -> "; undelete it first.";
            case ProtectionStopped -> action.startsWith("undelete") ? "." : "; resume protection first.";
            default -> ".";
        };
    }
}
