package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** Enabling backup for a VM failed; its ConfigureBackup job failed with the reason. */
@JsonTypeName("ProtectionConfigurationFailed")
public record ProtectionConfigurationFailed(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String vmId,
        String vmName,
        String vaultId,
        String vaultName,
        String errorCode,
        String errorMessage,
        String initiatedBy) implements ProtectionEvent {

    public ProtectionConfigurationFailed {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(vmId, "vmId");
        Require.field(errorCode, "errorCode");
        Require.field(errorMessage, "errorMessage");
    }

    @Override
    public String key() {
        return vmId;
    }
}
