package io.backupcenter.vault.vault;

import io.backupcenter.kit.problem.ApiException;

/** A vault of this name already exists in the resource group. */
public class VaultNameTaken extends ApiException.Conflict {

    public VaultNameTaken(String resourceGroup, String name) {
        super("vault-name-taken", "A vault named '" + name + "' already exists in resource group '" + resourceGroup
                + "'; vault names are unique within a resource group.");
    }
}
