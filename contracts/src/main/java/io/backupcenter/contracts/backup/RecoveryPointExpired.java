package io.backupcenter.contracts.backup;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** A recovery point's data in {@code tier} (or {@code All}) is to go: the catalog drops it, the worker deletes it. */
@JsonTypeName("RecoveryPointExpired")
public record RecoveryPointExpired(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String recoveryPointId,
        Tier tier,
        ExpiryReason reason) implements RpExpiredEvent {

    public RecoveryPointExpired {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(recoveryPointId, "recoveryPointId");
        Require.field(tier, "tier");
        Require.field(reason, "reason");
    }

    /** A new event, now. */
    public static RecoveryPointExpired of(Clock clock, String protectedItemId, String vaultId, String recoveryPointId,
            Tier tier, ExpiryReason reason) {
        return new RecoveryPointExpired(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, protectedItemId, vaultId,
                recoveryPointId, tier, reason);
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
