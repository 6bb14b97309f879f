package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** The item now follows another policy of its vault. */
@JsonTypeName("ItemPolicyChanged")
public record ItemPolicyChanged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String policyId) implements ProtectionEvent {

    public ItemPolicyChanged {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(policyId, "policyId");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
