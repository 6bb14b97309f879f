package io.backupcenter.vault.vm;

import io.backupcenter.kit.problem.ApiException;

/** A VM of this name already exists in the resource group. */
public class VmNameTaken extends ApiException.Conflict {

    public VmNameTaken(String resourceGroup, String name) {
        super("vm-name-taken", "A VM named '" + name + "' already exists in resource group '" + resourceGroup
                + "'; VM names are unique within a resource group.");
    }
}
