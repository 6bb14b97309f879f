package io.backupcenter.contracts.verify;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** A worker started re-reading every chunk of a vault's recovery points (vault tier): a Verify job. */
@JsonTypeName("VerifyStarted")
public record VerifyStarted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String vaultId,
        int recoveryPoints,
        String initiatedBy) implements VerifyEvent {

    public VerifyStarted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(vaultId, "vaultId");
    }

    @Override
    public String key() {
        return vaultId;
    }
}
