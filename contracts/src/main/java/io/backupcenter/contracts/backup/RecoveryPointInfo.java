package io.backupcenter.contracts.backup;

import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.List;

/**
 * A recovery point as a finished backup reports it. {@code sizeBytes} is the disks' logical size; {@code time} the
 * instant the snapshot captured.
 */
public record RecoveryPointInfo(
        String id,
        Instant time,
        RecoveryPointType type,
        long sizeBytes,
        String snapshotResourceGroup,
        BackupStats stats,
        List<DiskManifest> disks) {

    public RecoveryPointInfo {
        Require.field(id, "recoveryPoint.id");
        Require.field(time, "recoveryPoint.time");
        Require.field(type, "recoveryPoint.type");
        disks = disks == null ? List.of() : List.copyOf(disks);
    }
}
