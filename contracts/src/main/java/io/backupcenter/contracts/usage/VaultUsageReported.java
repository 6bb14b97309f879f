package io.backupcenter.contracts.usage;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** What a vault's vault tier holds on storage now (after dedup, compression and garbage collection). */
@JsonTypeName("VaultUsageReported")
public record VaultUsageReported(UUID eventId, Instant occurredAt, int schemaVersion, String vaultId, long storedBytes)
        implements VaultUsageEvent {

    public VaultUsageReported {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(vaultId, "vaultId");
    }

    /** A new event, now. */
    public static VaultUsageReported of(Clock clock, String vaultId, long storedBytes) {
        return new VaultUsageReported(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, vaultId, storedBytes);
    }

    @Override
    public String key() {
        return vaultId;
    }
}
