package io.backupcenter.vault.vault;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * {@code PATCH /vaults/{vaultId}}: the vault's security settings. Turning soft delete off is how a vault whose items are
 * soft-deleted can be emptied before their days have passed (as in Azure Backup: turn it off, undelete the items, delete
 * their data again).
 */
public record UpdateVaultRequest(
        @NotNull(message = "must be given: the vault's soft-delete setting is the one that can change")
        @Valid
        CreateVaultRequest.SoftDeleteSettings softDelete) {
}
