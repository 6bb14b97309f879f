package io.backupcenter.contracts.vault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** An empty vault was deleted; per-vault data elsewhere (policies) goes with it. */
@JsonTypeName("VaultDeleted")
public record VaultDeleted(UUID eventId, Instant occurredAt, int schemaVersion, String vaultId) implements VaultEvent {

    public VaultDeleted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(vaultId, "vaultId");
    }

    /** A new event, now, for the vault. */
    public static VaultDeleted of(Clock clock, String vaultId) {
        return new VaultDeleted(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, vaultId);
    }
}
