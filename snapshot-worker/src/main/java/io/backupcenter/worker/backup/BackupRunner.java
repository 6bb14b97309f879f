package io.backupcenter.worker.backup;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotGroupPattern;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.job.JobCancelRequested;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.worker.DataPathPools;
import io.backupcenter.worker.ProgressReporter;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.cancel.Cancellations;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.paths.DiskPaths;
import io.backupcenter.kit.outbox.JdbcOutbox;
import io.backupcenter.worker.datapath.backup.BackupCancelledException;
import io.backupcenter.worker.datapath.backup.BackupEngine;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.manifest.ManifestStore;
import io.backupcenter.worker.datapath.source.DiskSource;
import io.backupcenter.worker.datapath.source.DiskSources;
import io.backupcenter.worker.datapath.source.DiskUnavailableException;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.datapath.store.ObjectStore;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultLocks;
import io.backupcenter.worker.vault.VaultStorage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs one requested backup from start to end: "Take Snapshot" (each disk captured at one point in time into its
 * restore point collection, between the VM's consistency hooks), then "Transfer data to vault" from the snapshots
 * (the VM may keep writing), then one transaction that records the recovery point and queues its
 * {@code snapshot-completed} — so a recovery point is never half visible. A job that finished is never run again;
 * a job whose worker died is run again by the next one to receive it, and dedup makes the data it had already
 * written count. Blocking: runs on the backups worker pool.
 */
@ApplicationScoped
public class BackupRunner {

    private static final Logger LOG = Logger.getLogger(BackupRunner.class);

    private final WorkerDatabase database;
    private final VaultLocks locks;
    private final VaultKeys keys;
    private final VaultStorage storage;
    private final ProgressReporter progress;
    private final DataPathPools pools;
    private final Clock clock;
    private final Path snapshots;
    private final String worker;
    private final BackupEngine.Settings settings;
    private final int zstdLevel;
    private final SnapshotPlacement placement;
    private final ConsistencyHooks hooks;
    private final Cancellations cancellations;
    private final DiskPaths diskPaths;
    /** Added to every backup, standing in for a slow remote disk (benchmarks and fault tests only; zero by default). */
    private final Duration simulatedDelay;

    BackupRunner(WorkerDatabase database, VaultLocks locks, VaultKeys keys, VaultStorage storage, ProgressReporter progress,
            DataPathPools pools, Clock clock, Cancellations cancellations, DiskPaths diskPaths,
            @ConfigProperty(name = "backup-center.snapshots.root") Path snapshots,
            @ConfigProperty(name = "backup-center.worker.name") String worker,
            @ConfigProperty(name = "backup-center.worker.zstd-level", defaultValue = "1") int zstdLevel,
            @ConfigProperty(name = "backup-center.snapshots.collections-per-group", defaultValue = "600") int capacity,
            @ConfigProperty(name = "backup-center.hooks.directory") Path hooksDirectory,
            @ConfigProperty(name = "backup-center.hooks.timeout", defaultValue = "PT2M") Duration hooksTimeout,
            @ConfigProperty(name = "backup-center.worker.simulated-delay", defaultValue = "PT0S") Duration simulatedDelay) {
        this.database = database;
        this.locks = locks;
        this.keys = keys;
        this.storage = storage;
        this.progress = progress;
        this.pools = pools;
        this.clock = clock;
        this.snapshots = snapshots;
        this.worker = worker;
        this.settings = BackupEngine.Settings.defaults(pools.threads());
        this.zstdLevel = zstdLevel;
        this.placement = new SnapshotPlacement(capacity);
        this.hooks = new ConsistencyHooks(hooksDirectory, hooksTimeout);
        this.simulatedDelay = simulatedDelay;
        this.cancellations = cancellations;
        this.diskPaths = diskPaths;
    }

    /** What a backup produced, before it is recorded. */
    private record Outcome(RecoveryPointInfo point, List<DiskManifest> disks, String snapshotPath, Failure warning,
            long manifestBytes, String timings) {
    }

    /** A backup that ends without a recovery point, with the error the job shows. */
    private static final class BackupFailed extends Exception {
        private final Failure failure;

        BackupFailed(String code, String message) {
            super(message, null, false, false);
            this.failure = new Failure(code, message);
        }
    }

    /** Runs the backup of {@code request} to its end; a job already finished is left alone. */
    public void run(BackupRequested request) {
        if (!claim(request)) {
            LOG.infof("job %s has finished already: nothing to do", request.jobId());
            return;
        }
        String pointId = recoveryPointId(request.jobId());
        // Garbage collection of the vault waits until this backup's point is recorded (its chunks count as live).
        try (VaultLocks.Held vaultLock = database.retry("lock vault " + request.vaultId(),
                () -> locks.shared(request.vaultId()))) {
            Outcome outcome = backup(request, pointId);
            database.retrying("record the recovery point of job " + request.jobId(),
                    connection -> recordSucceeded(connection, request, outcome, Path.of(outcome.snapshotPath())));
        } catch (BackupFailed failed) {
            LOG.warnf("backup job %s of item %s failed: %s", request.jobId(), request.protectedItemId(),
                    failed.failure.message());
            database.retrying("record the failure of job " + request.jobId(),
                    connection -> recordFailed(connection, request, failed.failure));
        }
    }

    private void simulateSlowSource() {
        if (simulatedDelay.isZero()) {
            return;
        }
        try {
            Thread.sleep(simulatedDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome backup(BackupRequested request, String pointId) throws BackupFailed {
        if (cancellations.isCancelled(request.jobId())) {
            throw cancelled();
        }
        List<DiskSpec> disks = request.vm().disks();
        if (disks.isEmpty()) {
            throw new BackupFailed("NoDisks", "VM '" + request.vm().name() + "' has no disks to back up.");
        }
        SnapshotGroupPattern pattern = request.snapshotResourceGroup() != null ? request.snapshotResourceGroup()
                : SnapshotGroupPattern.defaultFor(request.vm().region());
        String group = database.retrying("place the restore point collection of item " + request.protectedItemId(),
                connection -> placement.groupFor(connection, request.protectedItemId(), pattern));
        Path pointDirectory = snapshots.resolve(group).resolve("rpc-" + request.protectedItemId()).resolve(pointId);
        List<DiskSource> sources = new ArrayList<>();
        try {
            for (DiskSpec disk : disks) {
                Path file;
                try {
                    file = diskPaths.diskSource(disk.source(), request.vm().resourceGroup());
                } catch (DiskPaths.Refused refused) {
                    throw new BackupFailed("DiskPathRefused", "Disk '" + disk.name() + "' of VM '"
                            + request.vm().name() + "' is not read: " + refused.getMessage() + ".");
                }
                try {
                    sources.add(DiskSources.open(file.toUri().toString()));
                } catch (DiskUnavailableException e) {
                    throw new BackupFailed("SourceDiskMissing", "Disk '" + disk.name() + "' of VM '"
                            + request.vm().name() + "' cannot be read at " + disk.source() + ": " + e.getMessage()
                            + ". Check the VM's disk source and back up again.");
                }
            }
            long total = 0;
            for (DiskSource source : sources) {
                total += source.size();
            }
            report(request, JobProgress.TAKE_SNAPSHOT, "InProgress", 0, total, 0, 0);
            simulateSlowSource();
            long started = System.nanoTime();
            Snapshot snapshot = takeSnapshot(request, sources, pointDirectory);
            long snapshotted = System.nanoTime();
            report(request, JobProgress.TAKE_SNAPSHOT, "Completed", 0, total, 0, 5);
            if (cancellations.isCancelled(request.jobId())) {
                throw new BackupCancelledException();
            }
            report(request, JobProgress.TRANSFER, "InProgress", 0, total, 0, 5);
            Outcome outcome = transfer(request, pointId, group, pointDirectory, snapshot, total);
            long transferred = System.nanoTime();
            LOG.infof("job %s: snapshot of %d MiB in %.1f s, transfer in %.1f s (%.0f MB/s, %d MiB stored; %s)",
                    request.jobId(), total >> 20, (snapshotted - started) / 1e9, (transferred - snapshotted) / 1e9,
                    total / 1e6 / Math.max(0.001, (transferred - snapshotted) / 1e9),
                    outcome.point().stats().bytesStored() >> 20, outcome.timings());
            return outcome;
        } catch (BackupFailed failed) {
            deleteQuietly(pointDirectory);
            throw failed;
        } catch (BackupCancelledException e) {
            deleteQuietly(pointDirectory);
            throw cancelled();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(pointDirectory);
            throw failure(request, e);
        } finally {
            sources.forEach(source -> {
                try {
                    source.close();
                } catch (IOException ignored) {
                    // read-only
                }
            });
        }
    }

    private record Snapshot(Instant time, RecoveryPointType type, Failure warning) {
    }

    /** Captures every disk at one point in time, between the VM's hooks when it runs and declares them. */
    private Snapshot takeSnapshot(BackupRequested request, List<DiskSource> sources, Path pointDirectory)
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
                sources.get(i).captureTo(pointDirectory.resolve(disks.get(i).name() + ".img"));
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
            return new Snapshot(time, RecoveryPointType.CrashConsistent, null);
        }
        if (problem != null) {
            return new Snapshot(time, RecoveryPointType.FileSystemConsistent, new Failure("HooksFailed",
                    "The recovery point is file-system consistent only: " + problem + "."));
        }
        return new Snapshot(time, RecoveryPointType.AppConsistent, null);
    }

    /** Transfers each disk's snapshot to the vault tier; the recovery point's data is complete when it returns. */
    private Outcome transfer(BackupRequested request, String pointId, String group, Path pointDirectory,
            Snapshot snapshot, long total) throws IOException {
        ObjectStore store = storage.of(request.vaultId(), request.geoRedundant());
        ChunkCodec codec = new ChunkCodec(keys.keyOf(request.vaultId()), zstdLevel);
        BackupEngine engine = new BackupEngine(store, new JdbcChunkIndex(database.dataSource(), request.vaultId()),
                codec, pools.segments(), pools.uploads(), settings);
        BackupEngine.Run run = engine.start(parentChunks(request, store, codec), vaultHasChunks(request.vaultId()));
        List<io.backupcenter.worker.datapath.manifest.DiskManifest> manifests = new ArrayList<>();
        List<DiskManifest> reported = new ArrayList<>();
        long read = 0;
        long stored = 0;
        long chunks = 0;
        long chunksNew = 0;
        ProgressReporter.Throttle throttle = new ProgressReporter.Throttle();
        java.util.function.BooleanSupplier cancelled = cancellations.watch(request.jobId());
        for (DiskSpec disk : request.vm().disks()) {
            Path file = pointDirectory.resolve(disk.name() + ".img");
            long before = read;
            long storedBefore = stored;
            try (DiskSource source = DiskSources.open(file.toUri().toString())) {
                BackupEngine.DiskBackup done = run.backupDisk(source, disk.name(), disk.lun(), (bytes, bytesStored) -> {
                    if (throttle.due()) {
                        long sofar = before + bytes;
                        report(request, JobProgress.TRANSFER, "InProgress", sofar, total, storedBefore + bytesStored,
                                percent(sofar, total));
                    }
                }, cancelled);
                manifests.add(done.manifest());
                reported.add(new DiskManifest(disk.name(), disk.lun(), done.bytesRead(), done.digest()));
                read += done.bytesRead();
                stored += done.bytesStored();
                chunks += done.chunks();
                chunksNew += done.chunksNew();
            }
        }
        long manifestBytes = run.finish(pointId, manifests);
        stored += manifestBytes;
        addUsage(request.vaultId(), manifestBytes);
        report(request, JobProgress.TRANSFER, "Completed", read, total, stored, 100);
        RecoveryPointInfo point = new RecoveryPointInfo(pointId, snapshot.time(), snapshot.type(), read, group,
                new BackupStats(read, stored, chunks, chunksNew), reported);
        return new Outcome(point, reported, pointDirectory.toString(), snapshot.warning(), manifestBytes,
                run.timings());
    }

    /**
     * The chunks of the item's latest recovery point still in the vault tier: known to be there for the whole
     * backup (the vault's lock keeps garbage collection away), so they need no index lookup. Empty when there is none
     * or its manifests cannot be read.
     */
    private Set<ChunkId> parentChunks(BackupRequested request, ObjectStore store, ChunkCodec codec) {
        record Parent(String id, List<DiskManifest> disks) {
        }
        Parent parent = database.retrying("find the previous point of item " + request.protectedItemId(), c -> {
            try (PreparedStatement query = c.prepareStatement("select id, disks from recovery_point "
                    + "where protected_item_id = ? and vault_id = ? and in_vault_tier order by time desc limit 1")) {
                query.setString(1, request.protectedItemId());
                query.setString(2, request.vaultId());
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return null;
                    }
                    try {
                        return new Parent(rows.getString(1), EventJson.mapper().readValue(rows.getString(2),
                                new com.fasterxml.jackson.core.type.TypeReference<List<DiskManifest>>() {
                                }));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return null;
                    }
                }
            }
        });
        Set<ChunkId> held = new HashSet<>();
        if (parent == null) {
            return held;
        }
        ManifestStore manifests = new ManifestStore(store, codec);
        try {
            for (DiskManifest disk : parent.disks()) {
                held.addAll(manifests.load(parent.id(), disk.name(), disk.digest()).chunks());
            }
        } catch (IOException e) {
            LOG.warnf("the previous point %s of item %s cannot be read (%s): every chunk is looked up instead",
                    parent.id(), request.protectedItemId(), e.getMessage());
            return new HashSet<>();
        }
        held.remove(ChunkId.ZERO);
        return held;
    }

    /** False for a vault that holds no chunk yet: then no lookup can find one. */
    private boolean vaultHasChunks(String vaultId) {
        return database.retrying("look into vault " + vaultId, c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "select exists (select 1 from chunk where vault_id = ?)")) {
                query.setString(1, vaultId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getBoolean(1);
                }
            }
        });
    }

    private static int percent(long done, long total) {
        return total == 0 ? 100 : (int) Math.min(99, 5 + done * 95 / total);
    }

    private static BackupFailed cancelled() {
        return new BackupFailed(JobCancelRequested.BACKUP_CANCELLED,
                "The backup was cancelled; no recovery point was made.");
    }

    private BackupFailed failure(BackupRequested request, Exception e) {
        String message = Failures.firstLine(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return new BackupFailed("VaultStorageFull", "The vault storage is full: " + message
                    + ". Free space or grow the storage, then back up again; the vault's other data is intact.");
        }
        if (e instanceof DiskUnavailableException) {
            return new BackupFailed("SourceDiskMissing", "A disk of VM '" + request.vm().name()
                    + "' could not be read: " + message);
        }
        LOG.errorf(e, "backup job %s failed", request.jobId());
        return new BackupFailed("BackupFailed", "The backup failed: " + message);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The worker database

    /** Takes the job (a new one, or one a dead worker left running); false when it has finished already. */
    private boolean claim(BackupRequested request) {
        return database.retrying("claim job " + request.jobId(), connection -> {
            try (PreparedStatement claim = connection.prepareStatement("""
                    insert into backup_run (job_id, protected_item_id, vault_id, state, worker, started_at)
                    values (?, ?, ?, 'Running', ?, ?)
                    on conflict (job_id) do update set worker = excluded.worker, started_at = excluded.started_at
                    where backup_run.state = 'Running'
                    """)) {
                claim.setString(1, request.jobId());
                claim.setString(2, request.protectedItemId());
                claim.setString(3, request.vaultId());
                claim.setString(4, worker);
                claim.setTimestamp(5, Timestamp.from(clock.instant()));
                return claim.executeUpdate() == 1;
            }
        });
    }

    private Void recordSucceeded(Connection connection, BackupRequested request, Outcome outcome,
            Path snapshotDirectory) throws SQLException {
        if (!finish(connection, request.jobId(), "Completed", outcome.point().id())) {
            return null;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into recovery_point (id, vault_id, protected_item_id, job_id, time, type, size_bytes,
                    snapshot_resource_group, snapshot_path, disks, in_snapshot_tier, in_vault_tier, created_at,
                    geo_redundant, manifest_bytes, vm_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, true, ?, ?, ?, ?)
                on conflict (id) do nothing
                """)) {
            RecoveryPointInfo point = outcome.point();
            insert.setString(1, point.id());
            insert.setString(2, request.vaultId());
            insert.setString(3, request.protectedItemId());
            insert.setString(4, request.jobId());
            insert.setTimestamp(5, Timestamp.from(point.time()));
            insert.setString(6, point.type().name());
            insert.setLong(7, point.sizeBytes());
            insert.setString(8, point.snapshotResourceGroup());
            insert.setString(9, snapshotDirectory.toString());
            insert.setString(10, EventJson.write(outcome.disks()));
            insert.setTimestamp(11, Timestamp.from(clock.instant()));
            insert.setBoolean(12, request.geoRedundant());
            insert.setLong(13, outcome.manifestBytes());
            insert.setString(14, request.vm().name());
            insert.executeUpdate();
        }
        JdbcOutbox.add(connection, Topics.SNAPSHOT_COMPLETED, new SnapshotCompleted(UUID.randomUUID(),
                clock.instant(), SnapshotCompletedEvent.SCHEMA_VERSION, request.jobId(), request.protectedItemId(),
                request.vaultId(), SnapshotStatus.Succeeded, request.trigger(), request.retainUntil(),
                request.scheduledFor(), request.policyId(), outcome.point(), null, outcome.warning(),
                storedBytes(connection, request.vaultId())), clock.instant());
        return null;
    }

    private Void recordFailed(Connection connection, BackupRequested request, Failure failure) throws SQLException {
        if (!finish(connection, request.jobId(), "Failed", null)) {
            return null;
        }
        JdbcOutbox.add(connection, Topics.SNAPSHOT_COMPLETED, new SnapshotCompleted(UUID.randomUUID(),
                clock.instant(), SnapshotCompletedEvent.SCHEMA_VERSION, request.jobId(), request.protectedItemId(),
                request.vaultId(), SnapshotStatus.Failed, request.trigger(), request.retainUntil(),
                request.scheduledFor(), request.policyId(), null, failure, null, null), clock.instant());
        return null;
    }

    /** Ends the run; false when another worker ended it first (then this one records nothing). */
    private boolean finish(Connection connection, String jobId, String state, String pointId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update backup_run set state = ?, finished_at = ?, recovery_point_id = ? "
                        + "where job_id = ? and state = 'Running'")) {
            update.setString(1, state);
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setString(3, pointId);
            update.setString(4, jobId);
            return update.executeUpdate() == 1;
        }
    }

    private static Long storedBytes(Connection connection, String vaultId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select stored_bytes from vault_usage where vault_id = ?")) {
            query.setString(1, vaultId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        }
    }

    private void addUsage(String vaultId, long bytes) {
        database.retrying("count the manifests of vault " + vaultId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    insert into vault_usage (vault_id, stored_bytes) values (?, ?)
                    on conflict (vault_id) do update set stored_bytes = vault_usage.stored_bytes + excluded.stored_bytes
                    """)) {
                update.setString(1, vaultId);
                update.setLong(2, bytes);
                update.executeUpdate();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void report(BackupRequested request, String task, String status, long done, long total, long stored,
            int percent) {
        progress.report(request.jobId(), request.protectedItemId(), task, status, done, total, stored, percent);
    }

    /** The recovery point a job makes: derived from the job, so a rerun of the job makes the same point. */
    static String recoveryPointId(String jobId) {
        return UUID.nameUUIDFromBytes(("RecoveryPoint:" + jobId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("cannot remove %s: %s", directory, e.getMessage());
        }
    }
}
