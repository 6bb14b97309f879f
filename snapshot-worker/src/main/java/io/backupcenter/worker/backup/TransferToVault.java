package io.backupcenter.worker.backup;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.worker.DataPathPools;
import io.backupcenter.worker.ProgressReporter;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.cancel.Cancellations;
import io.backupcenter.worker.datapath.backup.BackupEngine;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.manifest.ManifestStore;
import io.backupcenter.worker.datapath.source.DiskSource;
import io.backupcenter.worker.datapath.source.DiskSources;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.datapath.store.ObjectStore;
import io.backupcenter.worker.run.Lease;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultStorage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The "Transfer data to vault" step of a backup: each disk's snapshot (in the attempt's staging directory; the VM may
 * keep writing) chunked, deduplicated against the vault, sealed into packs, and its manifest stored. The recovery
 * point's data is complete in the vault tier when it returns; nothing is recorded yet. Stops when the job is
 * cancelled or the attempt's lease is lost. Blocking.
 */
@ApplicationScoped
class TransferToVault {

    private static final Logger LOG = Logger.getLogger(TransferToVault.class);

    /** What a backup produced, before it is recorded. */
    record Outcome(RecoveryPointInfo point, List<DiskManifest> disks, Failure warning, long manifestBytes,
            String timings) {
    }

    private final WorkerDatabase database;
    private final VaultKeys keys;
    private final VaultStorage storage;
    private final DataPathPools pools;
    private final Cancellations cancellations;
    private final BackupRecords records;
    private final BackupEngine.Settings settings;
    private final int zstdLevel;

    TransferToVault(WorkerDatabase database, VaultKeys keys, VaultStorage storage, DataPathPools pools,
            Cancellations cancellations, BackupRecords records,
            @ConfigProperty(name = "backup-center.worker.zstd-level", defaultValue = "1") int zstdLevel) {
        this.database = database;
        this.keys = keys;
        this.storage = storage;
        this.pools = pools;
        this.cancellations = cancellations;
        this.records = records;
        this.settings = BackupEngine.Settings.defaults(pools.threads());
        this.zstdLevel = zstdLevel;
    }

    /** Transfers every disk of {@code attempt}'s snapshot to the vault tier. */
    Outcome transfer(BackupRequested request, BackupAttempt attempt, TakeSnapshot.Snapshot snapshot, Lease lease,
            BackupProgress progress) throws IOException {
        long total = snapshot.totalBytes();
        progress.report(JobProgress.TRANSFER, "InProgress", 0, total, 0, 5);
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
        BooleanSupplier cancelledWatch = cancellations.watch(request.jobId());
        // The data path's loops stop on either: the job cancelled, or this attempt no longer the run's holder.
        BooleanSupplier stop = () -> lease.lost() || cancelledWatch.getAsBoolean();
        for (DiskSpec disk : request.vm().disks()) {
            Path file = attempt.staging().resolve(disk.name() + ".img");
            long before = read;
            long storedBefore = stored;
            try (DiskSource source = DiskSources.open(file.toUri().toString())) {
                BackupEngine.DiskBackup done = run.backupDisk(source, disk.name(), disk.lun(), (bytes, bytesStored) -> {
                    if (throttle.due()) {
                        long sofar = before + bytes;
                        progress.report(JobProgress.TRANSFER, "InProgress", sofar, total, storedBefore + bytesStored,
                                BackupProgress.percent(sofar, total));
                    }
                }, stop);
                manifests.add(done.manifest());
                reported.add(new DiskManifest(disk.name(), disk.lun(), done.bytesRead(), done.digest()));
                read += done.bytesRead();
                stored += done.bytesStored();
                chunks += done.chunks();
                chunksNew += done.chunksNew();
            }
        }
        lease.check();
        long manifestBytes = run.finish(attempt.pointId(), manifests);
        stored += manifestBytes;
        records.addUsage(request.vaultId(), manifestBytes);
        progress.report(JobProgress.TRANSFER, "Completed", read, total, stored, 100);
        RecoveryPointInfo point = new RecoveryPointInfo(attempt.pointId(), snapshot.time(), snapshot.type(), read,
                attempt.group(), new BackupStats(read, stored, chunks, chunksNew), reported);
        return new Outcome(point, reported, snapshot.warning(), manifestBytes, run.timings());
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
}
