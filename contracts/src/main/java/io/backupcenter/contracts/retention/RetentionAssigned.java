package io.backupcenter.contracts.retention;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * When each tier of a recovery point expires, as its policy says: sent when the point is recorded and again when a
 * policy change moves the dates. The catalog shows them; policy-service expires the point when they come.
 */
@JsonTypeName("RetentionAssigned")
public record RetentionAssigned(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String recoveryPointId,
        Instant snapshotExpiresAt,
        Instant vaultExpiresAt) implements RetentionEvent {

    public RetentionAssigned {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(recoveryPointId, "recoveryPointId");
        Require.field(snapshotExpiresAt, "snapshotExpiresAt");
        Require.field(vaultExpiresAt, "vaultExpiresAt");
    }

    /** A new event, now. */
    public static RetentionAssigned of(Clock clock, String protectedItemId, String vaultId, String recoveryPointId,
            Instant snapshotExpiresAt, Instant vaultExpiresAt) {
        return new RetentionAssigned(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, protectedItemId, vaultId,
                recoveryPointId, snapshotExpiresAt, vaultExpiresAt);
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
