package io.backupcenter.vault.vault;

import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.vault.protection.ProtectedItemRepository;

/** A vault that holds items (soft-deleted ones included) cannot be deleted. */
public class VaultNotEmpty extends ApiException.Conflict {

    public VaultNotEmpty(Vault vault, ProtectedItemRepository.Counts held) {
        super("vault-not-empty", "Vault '" + vault.name + "' still holds " + held.protectedItems()
                + " protected item(s) and " + held.softDeleted() + " soft-deleted item(s). Stop protection with "
                + "delete data for each item; soft-deleted items are purged after " + vault.softDeleteRetentionDays
                + " days, and the vault can be deleted once none remain.");
    }
}
