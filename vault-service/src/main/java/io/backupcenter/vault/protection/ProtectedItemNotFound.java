package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;

/** The vault has no protected item with this id. */
public class ProtectedItemNotFound extends ApiException.NotFound {

    public ProtectedItemNotFound(String vaultId, String itemId) {
        super("Vault '" + vaultId + "' has no protected item '" + itemId + "'.");
    }
}
