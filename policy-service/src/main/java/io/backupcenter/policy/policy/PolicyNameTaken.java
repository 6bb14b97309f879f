package io.backupcenter.policy.policy;

import io.backupcenter.kit.problem.ApiException;

/** Policy names are unique within a vault. */
public class PolicyNameTaken extends ApiException.Conflict {

    public PolicyNameTaken(String name) {
        super("policy-name-taken", "The vault already has a policy named '" + name + "'.");
    }
}
