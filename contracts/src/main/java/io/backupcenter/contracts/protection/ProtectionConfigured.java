package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.vm.VmSpec;

import java.time.Instant;
import java.util.UUID;

/** A VM became a protected item ({@code IRPending}); its ConfigureBackup job completed. */
@JsonTypeName("ProtectionConfigured")
public record ProtectionConfigured(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        String vaultName,
        String policyId,
        VmSpec vm,
        String initiatedBy) implements ProtectionEvent {

    public ProtectionConfigured {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
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
