package io.backupcenter.policy.vault;

import io.backupcenter.kit.problem.ApiException;

/** No vault has this id. */
public class VaultNotFound extends ApiException.NotFound {

    public VaultNotFound(String vaultId) {
        super("Vault '" + vaultId + "' does not exist.");
    }
}
