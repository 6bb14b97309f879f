package io.backupcenter.contracts.restore;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.vm.VmSpec;

import java.time.Instant;
import java.util.UUID;

/**
 * Restore a recovery point: where the disks go ({@code targetDirectory} for RestoreDisks and AlternateLocation, the
 * disk sources of {@code vm} for OriginalLocation), from which tier, and for AlternateLocation the VM to register on
 * the restored disks ({@code newVm}, its disk sources filled in by the worker).
 */
@JsonTypeName("RestoreRequested")
public record RestoreRequested(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        String recoveryPointId,
        RestoreType restoreType,
        Tier sourceTier,
        String targetDirectory,
        VmSpec vm,
        VmSpec newVm,
        String storageRedundancy,
        String initiatedBy) implements RestoreRequestedEvent {

    public RestoreRequested {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(recoveryPointId, "recoveryPointId");
        Require.field(restoreType, "restoreType");
        Require.field(vm, "vm");
    }

    /** True when the vault keeps a second copy of its data. */
    public boolean geoRedundant() {
        return storageRedundancy == null || storageRedundancy.equals("GeoRedundant");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
