package io.backupcenter.vault.vault;

import io.backupcenter.vault.protection.ProtectedItemRepository;

import java.time.Instant;

/** A vault as the API shows it. */
public record VaultView(
        String id,
        String name,
        String resourceGroup,
        String region,
        StorageRedundancy storageRedundancy,
        SoftDelete softDelete,
        long protectedItemCount,
        long softDeletedItemCount,
        Usage usage,
        Instant createdAt) {

    /** The vault's soft-delete setting. */
    public record SoftDelete(boolean enabled, int retentionDays) {
    }

    /** What the vault tier holds: bytes on storage after dedup and compression. */
    public record Usage(long storedBytes) {
    }

    public static VaultView from(Vault vault, ProtectedItemRepository.Counts counts) {
        return new VaultView(vault.id, vault.name, vault.resourceGroup, vault.region, vault.storageRedundancy,
                new SoftDelete(vault.softDeleteEnabled, vault.softDeleteRetentionDays), counts.protectedItems(),
                counts.softDeleted(), new Usage(vault.storedBytes), vault.createdAt);
    }
}
