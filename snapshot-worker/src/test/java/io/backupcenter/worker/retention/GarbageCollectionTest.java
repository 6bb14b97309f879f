package io.backupcenter.worker.retention;

import io.agroal.api.AgroalDataSource;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.usage.VaultUsageEvent;
import io.backupcenter.contracts.usage.VaultUsageReported;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.worker.bench.DiskImages;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.manifest.DiskManifest;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultLocks;
import io.backupcenter.worker.vault.VaultStorage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class GarbageCollectionTest {

    private static final Path DATA = Path.of("target/test-data").toAbsolutePath();

    @Inject
    GarbageCollector collector;

    @Inject
    VaultLocks locks;

    @Inject
    VaultKeys keys;

    @Inject
    VaultStorage storage;

    @Inject
    AgroalDataSource dataSource;

    private static SnapshotCompleted backUp(String vault, String item, Path disk) {
        VmSpec vm = new VmSpec("vm-" + item, "vm", "rg", "westeurope", "Linux", "Running",
                List.of(new DiskSpec("osdisk", -1, disk.toUri().toString())), null);
        BackupRequested request = new BackupRequested(UUID.randomUUID(), Instant.now(),
                BackupRequestedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), item, vault, vm, Trigger.Scheduled,
                null, Instant.now(), Instant.now(), "policy", null, "LocallyRedundant", "test");
        TopicReader.send(Topics.BACKUP_REQUESTED, item, EventJson.write(request));
        var records = TopicReader.await(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(request.jobId()),
                Duration.ofSeconds(60));
        return (SnapshotCompleted) EventJson.read(records.get(0).value(), SnapshotCompletedEvent.class);
    }

    private void expire(SnapshotCompleted point, Tier tier) {
        TopicReader.send(Topics.RP_EXPIRED, point.protectedItemId(), EventJson.write(RecoveryPointExpired.of(
                Clock.systemUTC(), point.protectedItemId(), point.vaultId(), point.recoveryPoint().id(), tier,
                ExpiryReason.Retention)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !inTier(point.recoveryPoint().id(), tier));
    }

    private boolean inTier(String pointId, Tier tier) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select in_snapshot_tier, in_vault_tier from recovery_point where id = ?")) {
            query.setString(1, pointId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                return tier == Tier.Snapshot ? rows.getBoolean(1) : tier == Tier.Vault ? rows.getBoolean(2)
                        : rows.getBoolean(1) || rows.getBoolean(2);
            }
        }
    }

    private long chunkCount(String vault) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select count(*) from chunk where vault_id = ?")) {
            query.setString(1, vault);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Path restore(SnapshotCompleted point) throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            RestoreEngine engine = new RestoreEngine(storage.of(point.vaultId(), false),
                    new JdbcChunkIndex(dataSource, point.vaultId()), new ChunkCodec(keys.keyOf(point.vaultId()), 1),
                    pool, 64, 4);
            DiskManifest manifest = engine.manifest(point.recoveryPoint().id(), "osdisk",
                    point.recoveryPoint().disks().get(0).digest());
            Path target = DATA.resolve("restored/gc-" + UUID.randomUUID() + ".img");
            engine.restore(manifest, target, w -> { }, () -> false);
            return target;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void collectionForgetsWhatOnlyExpiredPointsHeldAndKeepsTheRestRestorable() throws Exception {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = DATA.resolve("disks/gc-" + item + ".img");
        DiskImages.generate(disk, 24L << 20, 51);
        SnapshotCompleted first = backUp(vault, item, disk);
        DiskImages.scatterWrites(disk, 0.3, 52);
        SnapshotCompleted second = backUp(vault, item, disk);
        long before = chunkCount(vault);
        long storedBefore = second.vaultStoredBytes();

        expire(first, Tier.All);
        GarbageCollector.Report report = collector.collect(vault);

        assertThat(report.chunksForgotten()).isPositive();
        assertThat(chunkCount(vault)).isEqualTo(before - report.chunksForgotten());
        assertThat(report.manifestsDeleted()).isEqualTo(1);
        assertThat(report.storedBytes()).isLessThan(storedBefore);
        assertThat(Path.of(DATA.resolve("snapshots").toString())).exists();
        assertThat(Files.mismatch(disk, restore(second))).isEqualTo(-1);
        var usage = TopicReader.await(Topics.VAULT_USAGE, r -> vault.equals(r.key()), Duration.ofSeconds(15));
        assertThat(((VaultUsageReported) EventJson.read(usage.get(usage.size() - 1).value(), VaultUsageEvent.class))
                .storedBytes()).isEqualTo(report.storedBytes());
    }

    @Test
    void anExpiredSnapshotTierDeletesItsFilesAtOnce() throws Exception {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = DATA.resolve("disks/gc-" + item + ".img");
        DiskImages.generate(disk, 4L << 20, 53);
        SnapshotCompleted point = backUp(vault, item, disk);
        Path snapshot = DATA.resolve("snapshots").resolve(point.recoveryPoint().snapshotResourceGroup())
                .resolve("rpc-" + item).resolve(point.recoveryPoint().id());
        assertThat(snapshot).exists();

        expire(point, Tier.Snapshot);

        // The files go right after the transaction that takes the point out of the tier.
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(snapshot));
        assertThat(inTier(point.recoveryPoint().id(), Tier.Vault)).isTrue();
    }

    @Test
    void collectionWaitsForTheVaultsWritersToFinish() throws Exception {
        String vault = UUID.randomUUID().toString();
        VaultLocks.Held writer = locks.shared(vault);
        CompletableFuture<GarbageCollector.Report> collection = CompletableFuture.supplyAsync(() -> {
            try {
                return collector.collect(vault);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !collection.isDone());
        writer.close();

        assertThat(collection.get(20, java.util.concurrent.TimeUnit.SECONDS).chunksForgotten()).isZero();
    }
}
