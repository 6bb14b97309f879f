package io.backupcenter.vault.vm;

import io.backupcenter.kit.problem.ApiException;

/** No VM has this id. */
public class VmNotFound extends ApiException.NotFound {

    public VmNotFound(String vmId) {
        super("VM '" + vmId + "' does not exist.");
    }
}
