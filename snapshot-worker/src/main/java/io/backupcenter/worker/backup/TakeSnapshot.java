package io.backupcenter.worker.backup;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.SnapshotGroupPattern;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.kit.paths.DiskPaths;
import io.backupcenter.worker.SimulatedDelay;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.datapath.source.DiskSource;
import io.backupcenter.worker.datapath.source.DiskSources;
import io.backupcenter.worker.datapath.source.DiskUnavailableException;
import io.backupcenter.worker.run.Lease;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Take Snapshot" step of a backup: each disk of the VM — resolved and checked against the disk roots again, as
 * it is opened (README "Security") — captured at one point in time into the attempt's staging directory, between the
 * VM's consistency hooks when it runs and declares them. Blocking.
 */
@ApplicationScoped
class TakeSnapshot {

    /** What the snapshot step produced. */
    record Snapshot(Instant time, RecoveryPointType type, Failure warning, long totalBytes) {
    }

    private final WorkerDatabase database;
    private final DiskPaths diskPaths;
    private final Clock clock;
    private final Path snapshots;
    private final SnapshotPlacement placement;
    private final ConsistencyHooks hooks;
    private final SimulatedDelay simulatedDelay;

    TakeSnapshot(WorkerDatabase database, DiskPaths diskPaths, Clock clock, SimulatedDelay simulatedDelay,
            @ConfigProperty(name = "backup-center.snapshots.root") Path snapshots,
            @ConfigProperty(name = "backup-center.snapshots.collections-per-group", defaultValue = "600") int capacity,
            @ConfigProperty(name = "backup-center.hooks.directory") Path hooksDirectory,
            @ConfigProperty(name = "backup-center.hooks.timeout", defaultValue = "PT2M") Duration hooksTimeout) {
        this.database = database;
        this.diskPaths = diskPaths;
        this.clock = clock;
        this.snapshots = snapshots;
        this.placement = new SnapshotPlacement(capacity);
        this.hooks = new ConsistencyHooks(hooksDirectory, hooksTimeout);
        this.simulatedDelay = simulatedDelay;
    }

    /** Where this attempt writes: the item's restore point collection in its snapshot resource group. */
    BackupAttempt place(BackupRequested request, String pointId, Lease lease) {
        SnapshotGroupPattern pattern = request.snapshotResourceGroup() != null ? request.snapshotResourceGroup()
                : SnapshotGroupPattern.defaultFor(request.vm().region());
        String group = database.retrying("place the restore point collection of item " + request.protectedItemId(),
                connection -> placement.groupFor(connection, request.protectedItemId(), pattern));
        BackupAttempt attempt = BackupAttempt.of(snapshots.resolve(group).resolve("rpc-" + request.protectedItemId()),
                group, pointId, lease.token());
        lease.watch(attempt::stagedBytes);
        return attempt;
    }

    /** Takes the snapshot of every disk into {@code attempt}'s staging directory. */
    Snapshot take(BackupRequested request, BackupAttempt attempt, BackupProgress progress)
            throws BackupFailed, IOException {
        List<DiskSpec> disks = request.vm().disks();
        if (disks.isEmpty()) {
            throw new BackupFailed("NoDisks", "VM '" + request.vm().name() + "' has no disks to back up.");
        }
        List<DiskSource> sources = new ArrayList<>();
        try {
            for (DiskSpec disk : disks) {
                sources.add(open(request, disk));
            }
            long total = 0;
            for (DiskSource source : sources) {
                total += source.size();
            }
            progress.report(JobProgress.TAKE_SNAPSHOT, "InProgress", 0, total, 0, 0);
            simulatedDelay.pause();
            Snapshot snapshot = capture(request, sources, attempt.staging(), total);
            progress.report(JobProgress.TAKE_SNAPSHOT, "Completed", 0, total, 0, 5);
            return snapshot;
        } finally {
            for (DiskSource source : sources) {
                try {
                    source.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    /** The disk's source, opened at its resolved path once the roots allow it. */
    private DiskSource open(BackupRequested request, DiskSpec disk) throws BackupFailed {
        Path file;
        try {
            file = diskPaths.registeredDisk(disk.source(), request.vm().resourceGroup());
        } catch (DiskPaths.Refused refused) {
            throw new BackupFailed("DiskPathRefused", "Disk '" + disk.name() + "' of VM '" + request.vm().name()
                    + "' is not read: " + refused.getMessage() + ".");
        }
        try {
            return DiskSources.open(file.toUri().toString());
        } catch (DiskUnavailableException e) {
            throw new BackupFailed("SourceDiskMissing", "Disk '" + disk.name() + "' of VM '" + request.vm().name()
                    + "' cannot be read at " + disk.source() + ": " + e.getMessage()
                    + ". Check the VM's disk source and back up again.");
        }
    }

    private Snapshot capture(BackupRequested request, List<DiskSource> sources, Path staging, long total)
            throws IOException {
        var declared = request.vm().consistencyHooks();
        boolean running = !"Stopped".equals(request.vm().powerState());
        boolean withHooks = running && declared != null && (declared.pre() != null || declared.post() != null);
        String problem = null;
        if (withHooks && declared.pre() != null) {
            problem = hooks.run(declared.pre(), "pre", request.vm().name());
        }
        Instant time = clock.instant();
        List<DiskSpec> disks = request.vm().disks();
        for (int i = 0; i < sources.size(); i++) {
            try {
                sources.get(i).captureTo(staging.resolve(disks.get(i).name() + ".img"));
            } catch (DiskUnavailableException e) {
                throw new DiskUnavailableException("disk '" + disks.get(i).name() + "': " + e.getMessage()
                        + ". No recovery point was made; the item's earlier points are intact. Check the VM's disk"
                        + " source and back up again", e);
            }
        }
        if (withHooks && declared.post() != null) {
            String postProblem = hooks.run(declared.post(), "post", request.vm().name());
            problem = problem != null ? problem : postProblem;
        }
        if (!withHooks) {
            return new Snapshot(time, RecoveryPointType.CrashConsistent, null, total);
        }
        if (problem != null) {
            return new Snapshot(time, RecoveryPointType.FileSystemConsistent, new Failure("HooksFailed",
                    "The recovery point is file-system consistent only: " + problem + "."), total);
        }
        return new Snapshot(time, RecoveryPointType.AppConsistent, null, total);
    }
}
