package io.backupcenter.contracts.vault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** A Recovery Services vault was created; services that keep per-vault data (its DefaultPolicy) set it up. */
@JsonTypeName("VaultCreated")
public record VaultCreated(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String vaultId,
        String name,
        String resourceGroup,
        String region,
        String storageRedundancy) implements VaultEvent {

    public VaultCreated {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(vaultId, "vaultId");
        Require.field(name, "name");
        Require.field(resourceGroup, "resourceGroup");
        Require.field(region, "region");
        Require.field(storageRedundancy, "storageRedundancy");
    }

    /** A new event, now, for the vault described. */
    public static VaultCreated of(Clock clock, String vaultId, String name, String resourceGroup, String region,
            String storageRedundancy) {
        return new VaultCreated(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, vaultId, name, resourceGroup,
                region, storageRedundancy);
    }
}
