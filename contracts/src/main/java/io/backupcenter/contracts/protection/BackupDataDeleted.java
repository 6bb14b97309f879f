package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** Protection stopped and the item's backup data deleted: soft-deleted until {@code purgeAt}, or at once (DeleteBackupData job). */
@JsonTypeName("BackupDataDeleted")
public record BackupDataDeleted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        String vmName,
        boolean softDeleted,
        Instant purgeAt,
        String initiatedBy) implements ProtectionEvent {

    public BackupDataDeleted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
