package io.backupcenter.worker.backup;

import io.agroal.api.AgroalDataSource;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.worker.bench.DiskImages;
import io.backupcenter.worker.datapath.S3Server;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.datapath.store.S3ObjectStore;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultStorage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker configured for S3 storage (a real S3-compatible server): backups land in the buckets and restore. */
@QuarkusTest
@TestProfile(S3VaultStorageTest.S3Storage.class)
class S3VaultStorageTest {

    /** Vault storage on the test's S3 server. */
    public static class S3Storage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var settings = S3Server.get().settings("bc-vaults", "bc-vaults-secondary");
            return Map.of(
                    "backup-center.vault-storage.kind", "s3",
                    "backup-center.vault-storage.s3.endpoint", settings.endpoint().toString(),
                    "backup-center.vault-storage.s3.bucket", "bc-vaults",
                    "backup-center.vault-storage.s3.secondary-bucket", "bc-vaults-secondary",
                    "backup-center.vault-storage.s3.access-key", settings.accessKey(),
                    "backup-center.vault-storage.s3.secret-key", settings.secretKey());
        }
    }

    @Inject
    VaultKeys keys;

    @Inject
    VaultStorage storage;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aGeoRedundantBackupLandsInBothBucketsAndRestoresByteForByte() throws Exception {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = Path.of("target/test-data/disks/s3-" + item + ".img").toAbsolutePath();
        DiskImages.generate(disk, 10L << 20, 61);
        VmSpec vm = new VmSpec("vm-" + item, "vm", "rg", "westeurope", "Linux", "Running",
                List.of(new DiskSpec("osdisk", -1, disk.toUri().toString())), null);
        BackupRequested request = new BackupRequested(UUID.randomUUID(), Instant.now(),
                BackupRequestedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), item, vault, vm, Trigger.OnDemand,
                null, Instant.now(), null, "policy", null, "GeoRedundant", "test");

        TopicReader.send(Topics.BACKUP_REQUESTED, item, EventJson.write(request));
        var records = TopicReader.await(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(request.jobId()),
                Duration.ofSeconds(60));
        SnapshotCompleted completed = (SnapshotCompleted) EventJson.read(records.get(0).value(),
                SnapshotCompletedEvent.class);

        assertThat(completed.status()).isEqualTo(SnapshotStatus.Succeeded);
        var settings = S3Server.get().settings("bc-vaults", "bc-vaults-secondary");
        assertThat(S3ObjectStore.open(settings, "bc-vaults", vault + "/").list("packs/")).isNotEmpty();
        assertThat(S3ObjectStore.open(settings, "bc-vaults-secondary", vault + "/").list("manifests/")).isNotEmpty();
        var pool = Executors.newFixedThreadPool(2);
        try {
            RestoreEngine engine = new RestoreEngine(storage.of(vault, true), new JdbcChunkIndex(dataSource, vault),
                    new ChunkCodec(keys.keyOf(vault), 1), pool, 64, 4);
            var manifest = engine.manifest(completed.recoveryPoint().id(), "osdisk",
                    completed.recoveryPoint().disks().get(0).digest());
            Path target = Path.of("target/test-data/restored/s3-" + item + ".img").toAbsolutePath();
            engine.restore(manifest, target, w -> { }, () -> false);
            assertThat(Files.mismatch(disk, target)).isEqualTo(-1);
        } finally {
            pool.shutdownNow();
        }
    }
}
