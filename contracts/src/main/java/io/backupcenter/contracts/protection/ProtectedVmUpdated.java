package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.vm.VmSpec;

import java.time.Instant;
import java.util.UUID;

/** The VM of a protected item changed (disks, power state, hooks). */
@JsonTypeName("ProtectedVmUpdated")
public record ProtectedVmUpdated(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        VmSpec vm) implements ProtectionEvent {

    public ProtectedVmUpdated {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(vm, "vm");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
