package io.backupcenter.vault.vault;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code POST /vaults}: a new Recovery Services vault. */
public record CreateVaultRequest(
        @NotNull
        @Pattern(regexp = Names.VAULT, message = Names.VAULT_RULE)
        String name,
        @NotNull
        @Pattern(regexp = Names.RESOURCE_GROUP, message = Names.RESOURCE_GROUP_RULE)
        String resourceGroup,
        @NotNull
        @Pattern(regexp = Names.REGION, message = Names.REGION_RULE)
        String region,
        StorageRedundancy storageRedundancy,
        @Valid
        SoftDeleteSettings softDelete) {

    /** Soft delete of backup data: kept {@code retentionDays} after a delete, then purged. */
    public record SoftDeleteSettings(
            @NotNull Boolean enabled,
            @Min(value = 14, message = "must be between 14 and 180 days")
            @Max(value = 180, message = "must be between 14 and 180 days")
            Integer retentionDays) {
    }

    /** Soft-delete days when none are given. */
    public static final int DEFAULT_SOFT_DELETE_DAYS = 14;

    StorageRedundancy redundancyOrDefault() {
        return storageRedundancy == null ? StorageRedundancy.GeoRedundant : storageRedundancy;
    }

    boolean softDeleteEnabled() {
        return softDelete == null || softDelete.enabled();
    }

    int softDeleteDays() {
        return softDelete == null || softDelete.retentionDays() == null
                ? DEFAULT_SOFT_DELETE_DAYS : softDelete.retentionDays();
    }
}
