package io.backupcenter.worker.datapath;

import io.backupcenter.worker.bench.DiskImages;
import io.backupcenter.worker.datapath.backup.BackupCancelledException;
import io.backupcenter.worker.datapath.backup.BackupEngine;
import io.backupcenter.worker.datapath.backup.BackupEngine.DiskBackup;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;
import io.backupcenter.worker.datapath.manifest.DiskManifest;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.source.DiskSource;
import io.backupcenter.worker.datapath.source.DiskSources;
import io.backupcenter.worker.datapath.source.DiskUnavailableException;
import io.backupcenter.worker.datapath.store.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data path on real disk images, against a vault store: backup, dedup, incremental, restore, damage. Plain
 * JUnit, no framework. Run against a directory ({@link FileDataPathTest}) and a real S3-compatible server
 * ({@link S3DataPathTest}).
 */
abstract class DataPathContract {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private ExecutorService pool;
    private ExecutorService uploads;
    private ObjectStore store;
    private InMemoryChunkIndex index;
    private ChunkCodec codec;
    private BackupEngine backups;
    private RestoreEngine restores;

    /** A new, empty vault store for one test. */
    abstract ObjectStore newStore(Path dir) throws IOException;

    @BeforeEach
    void engines() throws IOException {
        pool = Executors.newFixedThreadPool(2);
        uploads = Executors.newSingleThreadExecutor();
        store = newStore(dir);
        index = new InMemoryChunkIndex();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        codec = new ChunkCodec(new SecretKeySpec(key, "AES"), 1);
        backups = new BackupEngine(store, index, codec, pool, uploads, BackupEngine.Settings.defaults(2));
        restores = new RestoreEngine(store, index, codec, pool, 64, 4);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        uploads.shutdownNow();
    }

    private record Backup(String pointId, DiskBackup disk) {
    }

    private Backup backup(Path image) throws IOException {
        String point = UUID.randomUUID().toString();
        BackupEngine.Run run = backups.start();
        try (DiskSource source = DiskSources.open(image.toUri().toString())) {
            DiskBackup disk = run.backupDisk(source, "osdisk", -1, (read, stored) -> { }, () -> false);
            run.finish(point, List.of(disk.manifest()));
            return new Backup(point, disk);
        }
    }

    private Path restore(Backup backup, String name) throws IOException {
        DiskManifest manifest = restores.manifest(backup.pointId(), "osdisk", backup.disk().digest());
        Path target = dir.resolve("restored").resolve(name);
        restores.restore(manifest, target, written -> { }, () -> false);
        return target;
    }

    @Test
    void aRestoredDiskIsByteIdenticalToTheBackedUpOne() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskImages.generate(image, 24 * MIB + 12345, 7);

        Backup backup = backup(image);

        assertThat(Files.mismatch(image, restore(backup, "disk.img"))).isEqualTo(-1);
        assertThat(backup.disk().bytesRead()).isEqualTo(24 * MIB + 12345);
    }

    @Test
    void zerosAreNotStoredAndRestoreAsZeros() throws IOException {
        Path image = dir.resolve("empty.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8 * MIB);
        }

        Backup backup = backup(image);

        assertThat(backup.disk().chunksNew()).isZero();
        assertThat(backup.disk().bytesStored()).isZero();
        assertThat(Files.mismatch(image, restore(backup, "empty.img"))).isEqualTo(-1);
    }

    @Test
    void anIncrementalAfterScatteredSmallWritesStoresLittle() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskImages.generate(image, 64 * MIB, 11);
        Backup first = backup(image);

        long written = DiskImages.scatterWrites(image, 0.01, 3);
        Backup second = backup(image);

        assertThat(second.disk().bytesStored()).isLessThan(first.disk().bytesStored() / 5);
        assertThat(second.disk().bytesStored()).isGreaterThanOrEqualTo(written / 2);
        assertThat(Files.mismatch(image, restore(second, "second.img"))).isEqualTo(-1);
    }

    @Test
    void anIdenticalDiskOfAnotherVmStoresNothingNew() throws IOException {
        Path image = dir.resolve("a.img");
        DiskImages.generate(image, 16 * MIB, 5);
        backup(image);
        Path copy = dir.resolve("b.img");
        Files.copy(image, copy);

        Backup second = backup(copy);

        assertThat(second.disk().chunksNew()).isZero();
        assertThat(second.disk().bytesStored()).isZero();
    }

    @Test
    void aFlippedByteInStoredDataFailsTheRestoreAndWritesNoDisk() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskImages.generate(image, 8 * MIB, 13);
        Backup backup = backup(image);
        String pack = store.list("packs/").get(0);
        byte[] bytes = store.get(pack);
        bytes[bytes.length / 2] ^= 0x01;
        store.put(pack, bytes);

        assertThatThrownBy(() -> restore(backup, "damaged.img"))
                .isInstanceOf(DamagedDataException.class)
                .hasMessageContaining("fails authentication");
        assertThat(dir.resolve("restored/damaged.img")).doesNotExist();
        assertThat(dir.resolve("restored/damaged.img.restoring")).doesNotExist();
    }

    @Test
    void aManifestThatDoesNotMatchItsRecordedDigestIsRefused() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskImages.generate(image, 4 * MIB, 17);
        Backup backup = backup(image);

        assertThatThrownBy(() -> restores.manifest(backup.pointId(), "osdisk", "sha256:00"))
                .isInstanceOf(DamagedDataException.class)
                .hasMessageContaining("the digest the recovery point recorded");
    }

    @Test
    void aCancelledBackupStops() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskImages.generate(image, 16 * MIB, 19);

        try (DiskSource source = DiskSources.open(image.toUri().toString())) {
            assertThatThrownBy(() -> backups.start().backupDisk(source, "osdisk", -1, (r, s) -> { }, () -> true))
                    .isInstanceOf(BackupCancelledException.class);
        }
    }

    @Test
    void aMissingDiskSaysSo() {
        assertThatThrownBy(() -> DiskSources.open(dir.resolve("nope.img").toUri().toString()))
                .isInstanceOf(DiskUnavailableException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> DiskSources.open("rbd://pool/image"))
                .isInstanceOf(DiskUnavailableException.class)
                .hasMessageContaining("not supported");
    }

    @Test
    void theSnapshotCaptureIsACopyThatLaterWritesDoNotChange() throws IOException {
        Path image = dir.resolve("disk.img");
        DiskImages.generate(image, 4 * MIB, 23);
        Path before = dir.resolve("before.img");
        Files.copy(image, before);
        Path snapshot = dir.resolve("snapshots/rg/rpc/point/osdisk.img");

        try (DiskSource source = DiskSources.open(image.toUri().toString())) {
            source.captureTo(snapshot);
        }
        DiskImages.scatterWrites(image, 0.05, 29);

        assertThat(Files.mismatch(before, snapshot)).isEqualTo(-1);
        assertThat(Files.mismatch(image, snapshot)).isNotEqualTo(-1);
    }
}
