package io.backupcenter.vault.protection;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A protected item as the API shows it; {@code softDelete} only while it is soft-deleted, {@code protectionError} only
 * while its scheduled backups cannot run (with the reason).
 */
public record ProtectedItemView(
        String id,
        String vmId,
        String vmName,
        String vmResourceGroup,
        String region,
        String vaultId,
        String policyId,
        ProtectionState protectionState,
        LastBackupStatus lastBackupStatus,
        Instant lastBackupTime,
        Instant latestRecoveryPointTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) SoftDelete softDelete,
        @JsonInclude(JsonInclude.Include.NON_NULL) ProtectionError protectionError,
        Instant createdAt) {

    /** Why the item's scheduled backups do not run, and what to do. */
    public record ProtectionError(String code, String message) {
    }

    /** When the item's backup data was deleted and when it goes for good. */
    public record SoftDelete(Instant deletedAt, Instant purgeAt) {
    }

    public static ProtectedItemView from(ProtectedItem item) {
        return new ProtectedItemView(item.id, item.vmId, item.vmName, item.vmResourceGroup, item.region, item.vaultId,
                item.policyId, item.protectionState(), item.lastBackupStatus(), item.lastBackupTime(),
                item.latestRecoveryPointTime,
                item.protectionState() == ProtectionState.SoftDeleted
                        ? new SoftDelete(item.softDeletedAt(), item.purgeAt()) : null,
                item.scheduleError() == null ? null
                        : new ProtectionError(item.scheduleError()[0], item.scheduleError()[1]),
                item.createdAt);
    }
}
