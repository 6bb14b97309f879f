package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.vm.VmSpec;

import java.time.Instant;
import java.util.UUID;

/** Protection of a stopped item resumed; scheduled backups run again. */
@JsonTypeName("ProtectionResumed")
public record ProtectionResumed(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String policyId,
        VmSpec vm) implements ProtectionEvent {

    public ProtectionResumed {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(policyId, "policyId");
        Require.field(vm, "vm");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
