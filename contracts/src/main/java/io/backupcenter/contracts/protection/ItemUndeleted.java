package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** A soft-deleted item was restored to {@code ProtectionStopped} (Undelete job). */
@JsonTypeName("ItemUndeleted")
public record ItemUndeleted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        String vmName,
        String initiatedBy) implements ProtectionEvent {

    public ItemUndeleted {
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
