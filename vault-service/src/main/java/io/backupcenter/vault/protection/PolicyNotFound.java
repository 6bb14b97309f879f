package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;

/** The vault has no such policy. */
public class PolicyNotFound extends ApiException.NotFound {

    public PolicyNotFound(String vaultId, String policy) {
        super("Vault '" + vaultId + "' has no policy '" + policy + "'.");
    }
}
