package io.backupcenter.contracts.backup;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * A backup ended: {@code Succeeded} with its recovery point, or {@code Failed} with the error. {@code retainUntil}
 * and {@code trigger} repeat the request, for retention. {@code warning} is set when the backup succeeded with a
 * degraded result (e.g. hooks failed, so the point is only file-system consistent).
 */
@JsonTypeName("SnapshotCompleted")
public record SnapshotCompleted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        SnapshotStatus status,
        Trigger trigger,
        Instant retainUntil,
        Instant scheduledFor,
        String policyId,
        RecoveryPointInfo recoveryPoint,
        Failure error,
        Failure warning,
        Long vaultStoredBytes) implements SnapshotCompletedEvent {

    public SnapshotCompleted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(status, "status");
        if (status == SnapshotStatus.Succeeded && recoveryPoint == null) {
            throw new MalformedEventException("field 'recoveryPoint' is required when status is Succeeded");
        }
        if (status == SnapshotStatus.Failed && error == null) {
            throw new MalformedEventException("field 'error' is required when status is Failed");
        }
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
