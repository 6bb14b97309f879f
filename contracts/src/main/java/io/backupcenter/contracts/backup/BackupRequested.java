package io.backupcenter.contracts.backup;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;
import io.backupcenter.contracts.vm.VmSpec;

import java.time.Instant;
import java.util.UUID;

/**
 * Back up this protected item now: its VM with the disks to read, the job that tracks it, and for an on-demand
 * backup the time its recovery point is kept until. {@code snapshotResourceGroup} is the policy's name pattern for
 * the groups that hold instant-tier snapshots (null: the default, {@code AzureBackupRG_<region>_<n>}); the worker
 * places the item's restore point collection in a group of that pattern. {@code storageRedundancy} is the vault's:
 * a geo-redundant vault's data is written to a second location too.
 */
@JsonTypeName("BackupRequested")
public record BackupRequested(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String vaultId,
        VmSpec vm,
        Trigger trigger,
        Instant retainUntil,
        Instant requestedAt,
        Instant scheduledFor,
        String policyId,
        SnapshotGroupPattern snapshotResourceGroup,
        String storageRedundancy,
        String initiatedBy) implements BackupRequestedEvent {

    public BackupRequested {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(vm, "vm");
        Require.field(trigger, "trigger");
        Require.field(requestedAt, "requestedAt");
    }

    /** True when the vault keeps a second copy of its data (the default, when the request does not say). */
    public boolean geoRedundant() {
        return storageRedundancy == null || storageRedundancy.equals("GeoRedundant");
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
