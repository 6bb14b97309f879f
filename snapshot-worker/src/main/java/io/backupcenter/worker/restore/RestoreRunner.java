package io.backupcenter.worker.restore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.job.JobCancelRequested;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.restore.RestoreCompletedEvent;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.paths.DiskPaths;
import io.backupcenter.kit.outbox.JdbcOutbox;
import io.backupcenter.worker.DataPathPools;
import io.backupcenter.worker.ProgressReporter;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.cancel.Cancellations;
import io.backupcenter.worker.datapath.backup.BackupCancelledException;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.restore.SnapshotCheck;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.run.Lease;
import io.backupcenter.worker.run.LeaseLostException;
import io.backupcenter.worker.run.RunKind;
import io.backupcenter.worker.run.RunLeases;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultLocks;
import io.backupcenter.worker.vault.VaultStorage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs one requested restore: every disk of the recovery point rebuilt from the snapshot tier (copied, then checked
 * chunk by chunk against the point's manifest) or the vault tier (every chunk authenticated and checked as it is
 * read), written beside its target and moved into place only when complete and checked. Damaged backup data fails
 * the job with an error naming what is damaged; a wrong disk is never written. Blocking.
 */
@ApplicationScoped
public class RestoreRunner {

    private static final Logger LOG = Logger.getLogger(RestoreRunner.class);

    private final WorkerDatabase database;
    private final VaultLocks locks;
    private final VaultKeys keys;
    private final VaultStorage storage;
    private final ProgressReporter progress;
    private final DataPathPools pools;
    private final Clock clock;
    private final Path defaultTargets;
    private final RunLeases leases;
    private final Cancellations cancellations;
    private final DiskPaths diskPaths;

    RestoreRunner(WorkerDatabase database, VaultLocks locks, VaultKeys keys, VaultStorage storage, ProgressReporter progress,
            DataPathPools pools, Clock clock, Cancellations cancellations, DiskPaths diskPaths,
            @ConfigProperty(name = "backup-center.restores.root") Path defaultTargets,
            RunLeases leases) {
        this.database = database;
        this.locks = locks;
        this.keys = keys;
        this.storage = storage;
        this.progress = progress;
        this.pools = pools;
        this.clock = clock;
        this.defaultTargets = defaultTargets;
        this.leases = leases;
        this.cancellations = cancellations;
        this.diskPaths = diskPaths;
    }

    /** The recovery point's data as the worker database records it. */
    private record Point(List<DiskManifest> disks, Path snapshotDirectory, boolean inSnapshotTier,
            boolean inVaultTier) {
    }

    /** A restore that ends without its disks, with the error the job shows. */
    private static final class RestoreFailed extends Exception {
        private final Failure failure;

        RestoreFailed(String code, String message) {
            super(message, null, false, false);
            this.failure = new Failure(code, message);
        }
    }

    private static RestoreFailed cancelled() {
        return new RestoreFailed(JobCancelRequested.RESTORE_CANCELLED,
                "The restore was cancelled; disks already written may be incomplete and should not be used.");
    }

    /** A disk written by this attempt, beside its target, and moved into place when the restore is published. */
    private record Written(DiskSpec disk, Path target, Path staged) {
    }

    /**
     * Runs the restore of {@code request} to its end; a job already finished is left alone. At most one attempt runs
     * at once ({@link RunLeases}); each writes files of its own beside the targets, and only the holder of the run's
     * lease moves them into place, in the transaction that publishes the restore's end. Every way it can end
     * publishes its end, but an attempt that lost its lease.
     */
    public void run(RestoreRequested request) {
        Lease lease = leases.claim(RunKind.RESTORE, request.jobId(), request.protectedItemId(), request.vaultId(),
                EventJson.write(request));
        if (lease == null) {
            LOG.infof("restore job %s has finished already: nothing to do", request.jobId());
            return;
        }
        List<Written> written = new ArrayList<>();
        try {
            // The vault's chunks stay while this restore reads them: garbage collection waits for it (and a restore
            // waiting for a collection to end is not stalled).
            lease.waiting();
            VaultLocks.Held locked;
            try {
                locked = database.retry("lock vault " + request.vaultId(), () -> locks.shared(request.vaultId()));
            } finally {
                lease.doneWaiting();
            }
            try (VaultLocks.Held vaultLock = locked) {
                restore(request, lease, written);
                database.retrying("record restore job " + request.jobId(), connection -> {
                    leases.fence(connection, lease);
                    publishFiles(written);
                    leases.finish(connection, lease, "Completed", null);
                    return publish(connection, request, SnapshotStatus.Succeeded,
                            written.stream().map(Written::disk).toList(), null);
                });
            } catch (RestoreFailed failed) {
                LOG.warnf("restore job %s failed: %s", request.jobId(), failed.failure.message());
                recordFailed(lease, request, failed.failure);
            }
        } catch (LeaseLostException lost) {
            LOG.warnf("restore job %s: %s; this attempt stops and publishes nothing", request.jobId(),
                    lost.getMessage());
        } catch (RuntimeException | Error unexpected) {
            LOG.errorf(unexpected, "restore job %s ended abnormally", request.jobId());
            recordFailed(lease, request, new Failure("WorkerError", "The worker running the restore failed: "
                    + Failures.firstLine(String.valueOf(unexpected.getMessage())) + " ("
                    + unexpected.getClass().getSimpleName() + "). Disks already written may be incomplete; restore"
                    + " again."));
        } finally {
            for (Written disk : written) {
                try {
                    Files.deleteIfExists(disk.staged());
                } catch (IOException e) {
                    LOG.warnf("cannot remove %s: %s", disk.staged(), e.getMessage());
                }
            }
            lease.close();
        }
    }

    private void recordFailed(Lease lease, RestoreRequested request, Failure failure) {
        try {
            database.retrying("record restore job " + request.jobId(), connection -> {
                leases.fence(connection, lease);
                leases.finish(connection, lease, "Failed", null);
                return publish(connection, request, SnapshotStatus.Failed, List.of(), failure);
            });
        } catch (LeaseLostException lost) {
            LOG.warnf("the failure of restore job %s is not recorded by this attempt: %s", request.jobId(),
                    lost.getMessage());
        }
    }

    /**
     * Moves each disk this attempt wrote into place (under the run's fence); idempotent when retried. Earlier attempts'
     * files beside each target are removed first, so that one which passed the fence and then lost its session (paused
     * past the database's idle timeout) finds nothing left to move over what this attempt publishes.
     */
    private static void publishFiles(List<Written> written) {
        for (Written disk : written) {
            String prefix = "." + disk.target().getFileName() + ".attempt-";
            try (java.util.stream.Stream<Path> siblings = Files.list(disk.target().getParent())) {
                for (Path sibling : siblings.toList()) {
                    String name = sibling.getFileName().toString();
                    if (name.startsWith(prefix) && !name.equals(disk.staged().getFileName().toString())) {
                        Files.deleteIfExists(sibling);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot clear earlier attempts beside " + disk.target(), e);
            }
        }
        for (Written disk : written) {
            try {
                if (Files.exists(disk.staged())) {
                    Files.move(disk.staged(), disk.target(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot move the restored disk into " + disk.target(), e);
            }
        }
    }

    private void restore(RestoreRequested request, Lease lease, List<Written> written) throws RestoreFailed {
        if (cancellations.isCancelled(request.jobId())) {
            throw cancelled();
        }
        Point point = database.retrying("read recovery point " + request.recoveryPointId(),
                connection -> point(connection, request.recoveryPointId()));
        if (point == null) {
            throw new RestoreFailed("RecoveryPointMissing", "Recovery point " + request.recoveryPointId()
                    + " has no data on the snapshot workers.");
        }
        Tier tier = request.sourceTier() != null ? request.sourceTier()
                : point.inSnapshotTier() ? Tier.Snapshot : Tier.Vault;
        if ((tier == Tier.Snapshot && !point.inSnapshotTier()) || (tier == Tier.Vault && !point.inVaultTier())) {
            throw new RestoreFailed("TierExpired", "The " + tier + " tier of recovery point "
                    + request.recoveryPointId() + " has expired.");
        }
        // Every target is checked before anything is written.
        java.util.Map<String, Path> targets = new java.util.HashMap<>();
        for (DiskManifest disk : point.disks()) {
            targets.put(disk.name(), targetOf(request, disk));
        }
        long total = point.disks().stream().mapToLong(DiskManifest::sizeBytes).sum();
        progress.report(request.jobId(), request.protectedItemId(), JobProgress.RESTORE_DISKS, "InProgress", 0, total,
                0, 0);
        ChunkCodec codec = new ChunkCodec(keys.keyOf(request.vaultId()), 1);
        RestoreEngine engine = new RestoreEngine(storage.of(request.vaultId(), request.geoRedundant()),
                new JdbcChunkIndex(database.dataSource(), request.vaultId()), codec, pools.segments(), 64,
                Math.max(2, pools.threads() * 2));
        long done = 0;
        ProgressReporter.Throttle throttle = new ProgressReporter.Throttle();
        java.util.function.BooleanSupplier cancelledWatch = cancellations.watch(request.jobId());
        java.util.function.BooleanSupplier cancelled = () -> lease.lost() || cancelledWatch.getAsBoolean();
        for (DiskManifest disk : point.disks()) {
            Path target = targets.get(disk.name());
            // This attempt's own file beside the target: another attempt never writes it.
            Path staged = target.resolveSibling("." + target.getFileName() + ".attempt-" + lease.token());
            // A snapshot copy reports no progress of its own: the bytes it has written show that it moves.
            Path copying = staged.resolveSibling(staged.getFileName() + ".restoring");
            lease.watch(() -> sizeOf(copying) + sizeOf(staged));
            long before = done;
            try {
                var manifest = engine.manifest(request.recoveryPointId(), disk.name(), disk.digest());
                if (tier == Tier.Snapshot) {
                    copySnapshot(point.snapshotDirectory().resolve(disk.name() + ".img"), staged, manifest, lease);
                } else {
                    engine.restore(manifest, staged, bytes -> {
                        if (throttle.due()) {
                            lease.progressed();
                            progress.report(request.jobId(), request.protectedItemId(), JobProgress.RESTORE_DISKS,
                                    "InProgress", before + bytes, total, 0, percent(before + bytes, total));
                        }
                    }, cancelled);
                }
            } catch (BackupCancelledException e) {
                lease.check();
                throw cancelled();
            } catch (DamagedDataException e) {
                throw new RestoreFailed("BackupDataDamaged", "The backup data of disk '" + disk.name()
                        + "' is damaged, so it was not restored: " + e.getMessage() + ".");
            } catch (LeaseLostException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                lease.check();
                String message = Failures.firstLine(e.getMessage());
                if (message.contains("No space left on device")) {
                    throw new RestoreFailed("TargetFull", "The restore target is full: " + message + ".");
                }
                LOG.errorf(e, "restore job %s failed", request.jobId());
                throw new RestoreFailed("RestoreFailed", "Disk '" + disk.name() + "' could not be restored to "
                        + target + ": " + message);
            }
            done += disk.sizeBytes();
            written.add(new Written(new DiskSpec(disk.name(), disk.lun(), target.toUri().toString()), target, staged));
            lease.progressed();
            progress.report(request.jobId(), request.protectedItemId(), JobProgress.RESTORE_DISKS, "InProgress", done,
                    total, 0, percent(done, total));
        }
        lease.check();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static int percent(long done, long total) {
        return total == 0 ? 99 : (int) Math.min(99, done * 100 / total);
    }

    /**
     * Where a disk is restored: the VM's own disk, or a file named after the disk in the target directory; resolved,
     * and refused outside the configured roots (README "Security") — checked here again, as it is written.
     */
    private Path targetOf(RestoreRequested request, DiskManifest disk) throws RestoreFailed {
        try {
            if (request.restoreType() == RestoreType.OriginalLocation) {
                String source = request.vm().disks().stream()
                        .filter(d -> d.name().equals(disk.name()))
                        .map(DiskSpec::source)
                        .findFirst()
                        .orElseThrow(() -> new RestoreFailed("DiskNotFound", "VM '" + request.vm().name()
                                + "' has no disk '" + disk.name() + "' to restore over."));
                return diskPaths.registeredDisk(source, request.vm().resourceGroup());
            }
            String group = request.newVm() != null ? request.newVm().resourceGroup() : request.vm().resourceGroup();
            Path directory = request.targetDirectory() != null ? DiskPaths.fileOf(request.targetDirectory())
                    : defaultTargets.resolve(request.newVm() != null
                            ? request.newVm().resourceGroup() + "/" + request.newVm().name() : request.jobId());
            return diskPaths.restoreFile(directory.resolve(disk.name() + ".img"), group);
        } catch (DiskPaths.Refused refused) {
            throw new RestoreFailed("TargetRefused", "Disk '" + disk.name() + "' is not restored: "
                    + refused.getMessage() + ".");
        }
    }

    /** Copies a snapshot beside the target, checks it against the manifest, then moves it into place. */
    private static void copySnapshot(Path snapshot, Path target,
            io.backupcenter.worker.datapath.manifest.DiskManifest manifest, Lease lease) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".restoring");
        try {
            Process cp = new ProcessBuilder("cp", "--reflink=auto", snapshot.toString(), partial.toString())
                    .redirectErrorStream(true).start();
            if (cp.waitFor() != 0) {
                Files.copy(snapshot, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            SnapshotCheck.verify(partial, manifest, lease::progressed);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying " + snapshot, e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Point point(Connection connection, String pointId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select disks, snapshot_path, in_snapshot_tier, in_vault_tier from recovery_point where id = ?")) {
            query.setString(1, pointId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                List<DiskManifest> disks = EventJson.mapper().readValue(rows.getString(1),
                        new TypeReference<List<DiskManifest>>() {
                        });
                return new Point(disks, Path.of(rows.getString(2)), rows.getBoolean(3), rows.getBoolean(4));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("the disks of recovery point " + pointId + " cannot be read", e);
            }
        }
    }

    /** Queues the restore's {@code restore-completed} (in the transaction that ended its run). */
    private Void publish(Connection connection, RestoreRequested request, SnapshotStatus status, List<DiskSpec> disks,
            Failure failure) throws SQLException {
        JdbcOutbox.add(connection, Topics.RESTORE_COMPLETED, result(request, status, disks, failure, clock),
                clock.instant());
        return null;
    }

    /** The {@code restore-completed} of a restore. */
    public static RestoreCompleted result(RestoreRequested request, SnapshotStatus status, List<DiskSpec> disks,
            Failure failure, Clock clock) {
        VmSpec newVm = request.newVm() == null || status != SnapshotStatus.Succeeded ? request.newVm()
                : new VmSpec(request.newVm().id(), request.newVm().name(), request.newVm().resourceGroup(),
                        request.newVm().region(), request.newVm().osType(), request.newVm().powerState(), disks, null);
        return new RestoreCompleted(UUID.randomUUID(), clock.instant(), RestoreCompletedEvent.SCHEMA_VERSION,
                request.jobId(), request.protectedItemId(), request.vaultId(), request.recoveryPointId(),
                request.restoreType(), status, request.sourceTier(), disks, newVm, failure);
    }
}
