package io.backupcenter.policy.policy;

import io.backupcenter.kit.problem.ApiException;

/** The vault has no policy with this id. */
public class PolicyNotFound extends ApiException.NotFound {

    public PolicyNotFound(String vaultId, String policyId) {
        super("Vault '" + vaultId + "' has no policy '" + policyId + "'.");
    }
}
