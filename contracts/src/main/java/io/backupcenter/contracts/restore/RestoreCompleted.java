package io.backupcenter.contracts.restore;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A restore ended: {@code Succeeded} with the disks written (as file URIs) and, for AlternateLocation, the new VM to
 * register on them; or {@code Failed} with an error that says what is wrong (a damaged chunk is named).
 */
@JsonTypeName("RestoreCompleted")
public record RestoreCompleted(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        String recoveryPointId,
        RestoreType restoreType,
        SnapshotStatus status,
        Tier sourceTier,
        List<DiskSpec> disks,
        VmSpec newVm,
        Failure error) implements RestoreCompletedEvent {

    public RestoreCompleted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(recoveryPointId, "recoveryPointId");
        Require.field(restoreType, "restoreType");
        Require.field(status, "status");
        if (status == SnapshotStatus.Failed && error == null) {
            throw new MalformedEventException("field 'error' is required when status is Failed");
        }
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
