package io.backupcenter.contracts.verify;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Someone asked for a vault's verification now ({@code POST /vaults/{id}/verify}, from vault-service): a snapshot
 * worker runs Verify job {@code jobId}, whenever the vault was last verified.
 */
@JsonTypeName("VerifyRequested")
public record VerifyRequested(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String vaultId,
        String initiatedBy) implements VerifyEvent {

    public VerifyRequested {
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
