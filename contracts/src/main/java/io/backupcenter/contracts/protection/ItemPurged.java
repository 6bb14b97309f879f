package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** A soft-deleted item reached its purge time and is gone with its recovery points. */
@JsonTypeName("ItemPurged")
public record ItemPurged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String vmName) implements ProtectionEvent {

    public ItemPurged {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
