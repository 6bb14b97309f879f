package io.backupcenter.contracts.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.SnapshotStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A vault's verification ended: {@code Succeeded} when every chunk of every recovery point read back whole, else
 * {@code Failed} with the damaged recovery points (each with its item, VM and what is wrong) and an error that names
 * them for people. {@code repaired}: points whose damage in one copy of a geo-redundant vault was repaired from the
 * other (then the verification still succeeds). {@code Failed} with {@code VerifyFailed} when the vault could not be
 * read at all (storage or database away): nothing is said about its data then.
 */
@JsonTypeName("VerifyCompleted")
public record VerifyCompleted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String vaultId,
        SnapshotStatus status,
        int recoveryPointsChecked,
        long chunksChecked,
        long bytesChecked,
        List<DamagedPoint> damaged,
        Failure error,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RepairedPoint> repaired) implements VerifyEvent {

    /** A recovery point that cannot be restored whole, and why. */
    public record DamagedPoint(String protectedItemId, String vmName, String recoveryPointId, String reason) {
    }

    /**
     * A recovery point whose data was damaged in one copy of a geo-redundant vault ({@code copy}: primary or
     * secondary) and was repaired from the other: {@code objects} pack and manifest objects rewritten, and {@code
     * reason} the damage found.
     */
    public record RepairedPoint(String protectedItemId, String vmName, String recoveryPointId, String copy,
            int objects, String reason) {
    }

    public VerifyCompleted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(vaultId, "vaultId");
        Require.field(status, "status");
        if (status == SnapshotStatus.Failed && error == null) {
            throw new MalformedEventException("field 'error' is required when status is Failed");
        }
        damaged = damaged == null ? List.of() : List.copyOf(damaged);
        repaired = repaired == null ? List.of() : List.copyOf(repaired);
    }

    @Override
    public String key() {
        return vaultId;
    }
}
