package io.backupcenter.worker.backup;

import io.agroal.api.AgroalDataSource;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotGroupPattern;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.verify.VerifyCompleted;
import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.contracts.vm.ConsistencyHooks;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.worker.bench.DiskImages;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.manifest.DiskManifest;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultStorage;
import io.backupcenter.worker.verify.VaultVerifier;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class BackupWorkerTest {

    private static final Path DATA = Path.of("target/test-data").toAbsolutePath();
    private static final long MIB = 1 << 20;

    @Inject
    VaultKeys keys;

    @Inject
    VaultStorage storage;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    VaultVerifier verifier;

    private static Path image(String name, long size, long seed) throws IOException {
        Path image = DATA.resolve("disks").resolve(name + ".img");
        DiskImages.generate(image, size, seed);
        return image;
    }

    private static BackupRequested request(String vault, String item, Path disk, String powerState,
            ConsistencyHooks hooks, SnapshotGroupPattern pattern, String redundancy) {
        VmSpec vm = new VmSpec("vm-" + item, "vm-" + item.substring(0, 8), "hotel-rg", "westeurope", "Linux",
                powerState, List.of(new DiskSpec("osdisk", -1, disk.toUri().toString())), hooks);
        return new BackupRequested(UUID.randomUUID(), Instant.now(), BackupRequestedEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), item, vault, vm, Trigger.OnDemand,
                Instant.now().plus(30, ChronoUnit.DAYS), Instant.now(), null, "policy", pattern, redundancy, "test");
    }

    private static SnapshotCompleted backUp(BackupRequested request) {
        TopicReader.send(Topics.BACKUP_REQUESTED, request.protectedItemId(), EventJson.write(request));
        return completion(request.jobId());
    }

    private static SnapshotCompleted completion(String jobId) {
        var records = TopicReader.await(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(jobId), Duration.ofSeconds(60));
        return (SnapshotCompleted) EventJson.read(records.get(0).value(), SnapshotCompletedEvent.class);
    }

    private Path restore(SnapshotCompleted completed, boolean geoRedundant) throws IOException {
        var pool = Executors.newFixedThreadPool(2);
        try {
            ChunkCodec codec = new ChunkCodec(keys.keyOf(completed.vaultId()), 1);
            RestoreEngine engine = new RestoreEngine(storage.of(completed.vaultId(), geoRedundant),
                    new JdbcChunkIndex(dataSource, completed.vaultId()), codec, pool, 64, 4);
            String digest = completed.recoveryPoint().disks().get(0).digest();
            DiskManifest manifest = engine.manifest(completed.recoveryPoint().id(), "osdisk", digest);
            Path target = DATA.resolve("restored").resolve(UUID.randomUUID() + ".img");
            engine.restore(manifest, target, written -> { }, () -> false);
            return target;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBackupMakesARecoveryPointInBothTiersThatRestoresByteForByte() throws IOException {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = image("vm-" + item, 24 * MIB + 4096, 1);

        SnapshotCompleted completed = backUp(request(vault, item, disk, "Running", null, null, "LocallyRedundant"));

        assertThat(completed.status()).isEqualTo(SnapshotStatus.Succeeded);
        assertThat(completed.recoveryPoint().type()).isEqualTo(RecoveryPointType.CrashConsistent);
        // Groups hold 2 collections in these tests, so earlier tests may have filled the first ones.
        assertThat(completed.recoveryPoint().snapshotResourceGroup()).matches("AzureBackupRG_westeurope_\\d+");
        assertThat(completed.recoveryPoint().sizeBytes()).isEqualTo(24 * MIB + 4096);
        assertThat(completed.recoveryPoint().stats().bytesRead()).isEqualTo(24 * MIB + 4096);
        assertThat(completed.recoveryPoint().stats().chunksNew()).isPositive();
        assertThat(completed.recoveryPoint().disks()).singleElement()
                .satisfies(d -> assertThat(d.digest()).startsWith("sha256:"));
        assertThat(completed.vaultStoredBytes()).isPositive();
        Path snapshot = DATA.resolve("snapshots/" + completed.recoveryPoint().snapshotResourceGroup() + "/rpc-" + item
                + "/" + completed.recoveryPoint().id() + "/osdisk.img");
        assertThat(Files.mismatch(disk, snapshot)).as("snapshot tier").isEqualTo(-1);
        assertThat(Files.mismatch(disk, restore(completed, false))).as("vault tier").isEqualTo(-1);
    }

    @Test
    void aRedeliveredRequestMakesNoSecondRecoveryPoint() throws IOException {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        BackupRequested request = request(vault, item, image("vm-" + item, 4 * MIB, 2), "Running", null, null, null);
        backUp(request);

        TopicReader.send(Topics.BACKUP_REQUESTED, item, EventJson.write(request));
        BackupRequested marker = request(vault, item, image("marker-" + item, MIB, 3), "Running", null, null, null);
        backUp(marker);

        assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(request.jobId()))).hasSize(1);
    }

    @Test
    void aMissingDiskFailsTheBackupWithAClearError() {
        String item = UUID.randomUUID().toString();

        SnapshotCompleted completed = backUp(request(UUID.randomUUID().toString(), item,
                DATA.resolve("disks/never-there.img"), "Running", null, null, null));

        assertThat(completed.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(completed.error().code()).isEqualTo("SourceDiskMissing");
        assertThat(completed.error().message()).contains("never-there.img").contains("no such file");
        assertThat(completed.recoveryPoint()).isNull();
    }

    @Test
    void aDiskThatDisappearsOrShrinksMidBackupFailsTheJobClearlyAndTheItemsEarlierPointStaysReadable()
            throws IOException {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = image("vanishing-" + item, 8 * MIB, 21);
        Path original = DATA.resolve("disks/original-" + item + ".img");
        Files.copy(disk, original);
        SnapshotCompleted first = backUp(request(vault, item, disk, "Running", null, null, null));
        assertThat(first.status()).isEqualTo(SnapshotStatus.Succeeded);
        // The VM's pre-snapshot hook runs after the job has opened the disk and before its snapshot is taken: the
        // disk vanishes in the middle of the backup.
        Path hooks = DATA.resolve("hooks");
        Files.createDirectories(hooks);
        Path shrinking = Files.copy(original, original.resolveSibling("shrinking-" + item + ".img"));
        script(hooks.resolve("delete-" + item), "rm -f '" + disk + "'");
        script(hooks.resolve("shrink-" + item), "truncate -s 1M '" + shrinking + "'");

        SnapshotCompleted deleted = backUp(request(vault, item, disk, "Running",
                new ConsistencyHooks("delete-" + item, null), null, null));
        SnapshotCompleted shrunk = backUp(request(vault, item, shrinking, "Running",
                new ConsistencyHooks("shrink-" + item, null), null, null));

        assertThat(deleted.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(deleted.error().code()).isEqualTo("SourceDiskMissing");
        assertThat(deleted.error().message()).contains("disk 'osdisk'").contains(disk.toString())
                .contains("disappeared while its snapshot was being taken").doesNotContain("Exception");
        assertThat(deleted.recoveryPoint()).isNull();
        assertThat(shrunk.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(shrunk.error().code()).isEqualTo("SourceDiskMissing");
        assertThat(shrunk.error().message()).contains("shrank from 8388608 to 1048576 bytes");
        assertThat(shrunk.recoveryPoint()).isNull();
        try (var left = Files.list(DATA.resolve("snapshots/" + first.recoveryPoint().snapshotResourceGroup()
                + "/rpc-" + item))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no half-taken snapshot is left")
                    .containsExactly(first.recoveryPoint().id());
        }
        Path snapshot = DATA.resolve("snapshots/" + first.recoveryPoint().snapshotResourceGroup() + "/rpc-" + item
                + "/" + first.recoveryPoint().id() + "/osdisk.img");
        assertThat(Files.mismatch(original, snapshot)).as("the earlier point's snapshot tier").isEqualTo(-1);
        assertThat(Files.mismatch(original, restore(first, false))).as("the earlier point's vault tier").isEqualTo(-1);
    }

    @Test
    void aVerifyJobReadsBackEveryChunkAndNamesTheRecoveryPointsADamagedPackBreaks() throws Exception {
        String vault = UUID.randomUUID().toString();
        String hotel = UUID.randomUUID().toString();
        String stadium = UUID.randomUUID().toString();
        Path hotelDisk = image("verify-hotel-" + hotel, 6 * MIB, 31);
        backUp(request(vault, hotel, hotelDisk, "Running", null, null, "LocallyRedundant"));
        DiskImages.scatterWrites(hotelDisk, 0.05, 32);
        backUp(request(vault, hotel, hotelDisk, "Running", null, null, "LocallyRedundant"));
        Path packs = DATA.resolve("vaults").resolve(vault).resolve("packs");
        List<Path> hotelPacks = files(packs);
        SnapshotCompleted stadiumPoint = backUp(request(vault, stadium, image("verify-stadium-" + stadium, 6 * MIB, 33),
                "Running", null, null, "LocallyRedundant"));

        VerifyCompleted whole = verifier.verifyNow(vault, "test");

        assertThat(whole.status()).isEqualTo(SnapshotStatus.Succeeded);
        assertThat(whole.recoveryPointsChecked()).isEqualTo(3);
        assertThat(whole.chunksChecked()).isPositive();
        assertThat(whole.damaged()).isEmpty();
        var started = TopicReader.await(Topics.VAULT_VERIFICATIONS, r -> r.value().contains(whole.jobId())
                && r.value().contains("VerifyStarted"), Duration.ofSeconds(30));
        assertThat(started.get(0).key()).isEqualTo(vault);

        // One byte flipped in the middle of each pack the stadium's backup wrote: its point cannot be restored whole.
        List<Path> stadiumPacks = files(packs).stream().filter(p -> !hotelPacks.contains(p)).toList();
        assertThat(stadiumPacks).isNotEmpty();
        for (Path pack : stadiumPacks) {
            try (var file = new java.io.RandomAccessFile(pack.toFile(), "rw")) {
                long middle = file.length() / 2;
                file.seek(middle);
                int b = file.read();
                file.seek(middle);
                file.write(b ^ 0xFF);
            }
        }
        VerifyCompleted damaged = verifier.verifyNow(vault, "test");

        assertThat(damaged.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(damaged.recoveryPointsChecked()).isEqualTo(3);
        assertThat(damaged.damaged()).singleElement().satisfies(point -> {
            assertThat(point.protectedItemId()).isEqualTo(stadium);
            assertThat(point.recoveryPointId()).isEqualTo(stadiumPoint.recoveryPoint().id());
            assertThat(point.vmName()).isEqualTo("vm-" + stadium.substring(0, 8));
        });
        assertThat(damaged.error().code()).isEqualTo("DamagedRecoveryPoints");
        assertThat(damaged.error().message()).startsWith("1 of 3 recovery points cannot be restored whole: VM 'vm-"
                + stadium.substring(0, 8) + "' (item " + stadium + "): point " + stadiumPoint.recoveryPoint().id());
        var ended = TopicReader.await(Topics.VAULT_VERIFICATIONS, r -> r.value().contains(damaged.jobId())
                && r.value().contains("VerifyCompleted"), Duration.ofSeconds(30));
        assertThat(((VerifyCompleted) EventJson.read(ended.get(0).value(), VerifyEvent.class)).damaged())
                .hasSize(1);
    }

    @Test
    void aVerifyJobReadsEveryCopyOfAGeoRedundantVaultAndRepairsADamagedPrimaryFromTheSecondary() throws Exception {
        String vault = UUID.randomUUID().toString();
        String hotel = UUID.randomUUID().toString();
        Path disk = image("geo-hotel-" + hotel, 6 * MIB, 41);
        SnapshotCompleted point = backUp(request(vault, hotel, disk, "Running", null, null, "GeoRedundant"));
        Path primary = DATA.resolve("vaults").resolve(vault);
        Path secondary = DATA.resolve("vaults-secondary").resolve(vault);
        assertThat(verifier.verifyNow(vault, "test").status()).isEqualTo(SnapshotStatus.Succeeded);

        List<Path> packs = files(primary.resolve("packs"));
        assertThat(packs).isNotEmpty();
        Path damagedPack = packs.get(0);
        byte[] good = Files.readAllBytes(damagedPack);
        flipMiddleByte(damagedPack);
        VerifyCompleted repaired = verifier.verifyNow(vault, "test");

        assertThat(repaired.status()).isEqualTo(SnapshotStatus.Succeeded);
        assertThat(repaired.damaged()).isEmpty();
        assertThat(repaired.repaired()).singleElement().satisfies(r -> {
            assertThat(r.recoveryPointId()).isEqualTo(point.recoveryPoint().id());
            assertThat(r.copy()).isEqualTo("primary");
            assertThat(r.objects()).isEqualTo(1);
            assertThat(r.reason()).contains("fails authentication");
        });
        assertThat(Files.readAllBytes(damagedPack)).isEqualTo(good);
        assertThat(Files.mismatch(disk, restore(point, false))).as("restored from the primary alone").isEqualTo(-1);

        // Damage in the secondary copy is found too (it is read on its own), and mended from the primary.
        Path secondaryPack = secondary.resolve(primary.relativize(damagedPack));
        flipMiddleByte(secondaryPack);
        VerifyCompleted mended = verifier.verifyNow(vault, "test");
        assertThat(mended.repaired()).singleElement().satisfies(r -> assertThat(r.copy()).isEqualTo("secondary"));
        assertThat(Files.readAllBytes(secondaryPack)).isEqualTo(good);
    }

    @Test
    void storageThatCannotBeReadFailsTheVerifyJobAndIsNotReportedAsDamage() throws Exception {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        backUp(request(vault, item, image("unreadable-" + item, 4 * MIB, 43), "Running", null, null,
                "LocallyRedundant"));
        Path pack = files(DATA.resolve("vaults").resolve(vault).resolve("packs")).get(0);
        byte[] saved = Files.readAllBytes(pack);
        // The pack's place holds a directory: reading it fails with an I/O error, as an unreachable store would.
        Files.delete(pack);
        Files.createDirectory(pack);
        try {
            VerifyCompleted result = verifier.verifyNow(vault, "test");

            assertThat(result.status()).isEqualTo(SnapshotStatus.Failed);
            assertThat(result.error().code()).isEqualTo("VerifyFailed");
            assertThat(result.error().message()).contains("says nothing about its data");
            assertThat(result.damaged()).isEmpty();
        } finally {
            Files.delete(pack);
            Files.write(pack, saved);
        }
        assertThat(verifier.verifyNow(vault, "test").status()).isEqualTo(SnapshotStatus.Succeeded);
    }

    private static void flipMiddleByte(Path file) throws IOException {
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            long middle = raf.length() / 2;
            raf.seek(middle);
            int b = raf.read();
            raf.seek(middle);
            raf.write(b ^ 0xFF);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aFullVaultFilesystemFailsTheBackupClearlyAndTheVaultsDataStaysIntactAndUsable() throws Exception {
        String vault = UUID.randomUUID().toString();
        Path vaultStorage = DATA.resolve("vaults").resolve(vault);
        Files.createDirectories(vaultStorage);
        // The vault's storage is a filesystem of its own, 8 MiB: the second backup does not fit.
        Assumptions.assumeTrue(mountTmpfs(vaultStorage, "8m"),
                "SKIPPED: mounting a small tmpfs for the vault needs root (CAP_SYS_ADMIN); not available here");
        try {
            Path fits = randomDisk("fits-" + vault, 3 * MIB, 11);
            Path tooBig = randomDisk("too-big-" + vault, 12 * MIB, 12);
            SnapshotCompleted first = backUp(request(vault, UUID.randomUUID().toString(), fits, "Running", null, null,
                    "LocallyRedundant"));
            assertThat(first.status()).isEqualTo(SnapshotStatus.Succeeded);

            SnapshotCompleted full = backUp(request(vault, UUID.randomUUID().toString(), tooBig, "Running", null, null,
                    "LocallyRedundant"));

            assertThat(full.status()).isEqualTo(SnapshotStatus.Failed);
            assertThat(full.error().code()).isEqualTo("VaultStorageFull");
            assertThat(full.error().message()).startsWith("The vault storage is full").contains("intact");
            assertThat(full.recoveryPoint()).isNull();
            assertThat(Files.mismatch(fits, restore(first, false))).as("the earlier point").isEqualTo(-1);
            // What the failed backup wrote is not taken for stored data: a disk made of its first chunks backs up
            // (there is room for it again) and restores byte for byte.
            Path part = DATA.resolve("disks").resolve("part-" + vault + ".img");
            try (var in = Files.newInputStream(tooBig)) {
                Files.write(part, in.readNBytes((int) MIB));
            }
            SnapshotCompleted after = backUp(request(vault, UUID.randomUUID().toString(), part, "Running", null, null,
                    "LocallyRedundant"));
            assertThat(after.status()).isEqualTo(SnapshotStatus.Succeeded);
            assertThat(Files.mismatch(part, restore(after, false))).isEqualTo(-1);
        } finally {
            new ProcessBuilder("umount", vaultStorage.toString()).inheritIO().start().waitFor();
        }
    }

    /** Mounts a tmpfs of {@code size} on {@code directory}; false where this process may not mount. */
    private static boolean mountTmpfs(Path directory, String size) throws IOException, InterruptedException {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", directory.toString())
                .redirectErrorStream(true).start();
        return mount.waitFor() == 0;
    }

    /** A disk of incompressible bytes (seeded), so what the vault stores is as large as the disk. */
    private static Path randomDisk(String name, long size, long seed) throws IOException {
        byte[] bytes = new byte[(int) size];
        new java.util.Random(seed).nextBytes(bytes);
        Path disk = DATA.resolve("disks").resolve(name + ".img");
        Files.createDirectories(disk.getParent());
        Files.write(disk, bytes);
        return disk;
    }

    @Test
    void aJobCancelledBeforeItStartsIsNotRun() throws Exception {
        String item = UUID.randomUUID().toString();
        BackupRequested request = request(UUID.randomUUID().toString(), item, image("cancel-early-" + item, 8 * MIB, 21),
                "Running", null, null, null);
        cancel(request.jobId());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cancellationRecorded(request.jobId()));

        SnapshotCompleted completed = backUp(request);

        assertThat(completed.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(completed.error().code()).isEqualTo("BackupCancelled");
        assertThat(completed.recoveryPoint()).isNull();
        assertThat(recoveryPoints(item)).isZero();
    }

    @Test
    void aJobCancelledMidTransferStopsAndLeavesNoRecoveryPoint() throws Exception {
        String item = UUID.randomUUID().toString();
        BackupRequested request = request(UUID.randomUUID().toString(), item, image("cancel-mid-" + item, 768 * MIB, 22),
                "Running", null, null, null);
        TopicReader.send(Topics.BACKUP_REQUESTED, item, EventJson.write(request));
        TopicReader.await(Topics.JOB_PROGRESS, r -> r.key().equals(request.jobId())
                && r.value().contains("Transfer data to vault"), Duration.ofSeconds(60));

        cancel(request.jobId());
        SnapshotCompleted completed = completion(request.jobId());

        assertThat(completed.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(completed.error().code()).isEqualTo("BackupCancelled");
        assertThat(recoveryPoints(item)).isZero();
        try (var files = Files.walk(DATA)) {
            assertThat(files.filter(path -> path.toString().contains(BackupRunner.recoveryPointId(request.jobId()))))
                    .as("the cancelled job's snapshot").isEmpty();
        }
    }

    private static void cancel(String jobId) {
        TopicReader.send(Topics.JOB_CANCELLATIONS, jobId, EventJson.write(new io.backupcenter.contracts.job
                .JobCancelRequested(UUID.randomUUID(), Instant.now(), 1, jobId, "Backup", "test")));
    }

    private boolean cancellationRecorded(String jobId) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
             var query = connection.prepareStatement("select 1 from job_cancellation where job_id = ?")) {
            query.setString(1, jobId);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private long recoveryPoints(String item) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
             var query = connection.prepareStatement("select count(*) from recovery_point where protected_item_id = ?")) {
            query.setString(1, item);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void hooksThatSucceedMakeAnAppConsistentPointAndFailingOnesAFileSystemConsistentOne() throws IOException {
        Path hooks = DATA.resolve("hooks");
        Files.createDirectories(hooks);
        script(hooks.resolve("freeze"), "exit 0");
        script(hooks.resolve("thaw"), "exit 0");
        script(hooks.resolve("broken-freeze"), "exit 3");
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = image("vm-" + item, 2 * MIB, 4);

        SnapshotCompleted app = backUp(request(vault, item, disk, "Running",
                new ConsistencyHooks("freeze", "thaw"), null, null));
        SnapshotCompleted fileSystem = backUp(request(vault, item, disk, "Running",
                new ConsistencyHooks("broken-freeze", "thaw"), null, null));
        SnapshotCompleted crash = backUp(request(vault, item, disk, "Stopped",
                new ConsistencyHooks("freeze", "thaw"), null, null));

        assertThat(app.recoveryPoint().type()).isEqualTo(RecoveryPointType.AppConsistent);
        assertThat(fileSystem.recoveryPoint().type()).isEqualTo(RecoveryPointType.FileSystemConsistent);
        assertThat(fileSystem.warning().message()).contains("broken-freeze").contains("exit status 3");
        assertThat(crash.recoveryPoint().type()).isEqualTo(RecoveryPointType.CrashConsistent);
    }

    @Test
    void aCustomPatternNamesTheGroupAndAFullGroupOpensTheNext() throws IOException {
        String vault = UUID.randomUUID().toString();
        String prefix = "Hotel" + UUID.randomUUID().toString().substring(0, 6) + "_";
        SnapshotGroupPattern pattern = new SnapshotGroupPattern(prefix, "_rpc");
        Path disk = image("shared-" + prefix, MIB, 5);
        List<String> groups = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            groups.add(backUp(request(vault, UUID.randomUUID().toString(), disk, "Running", null, pattern, null))
                    .recoveryPoint().snapshotResourceGroup());
        }

        assertThat(groups).containsExactly(prefix + "1_rpc", prefix + "1_rpc", prefix + "2_rpc");
    }

    @Test
    void anIncrementalStoresLittleAndAnIdenticalDiskOfAnotherVmNothing() throws IOException {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = image("vm-" + item, 32 * MIB, 6);
        SnapshotCompleted first = backUp(request(vault, item, disk, "Running", null, null, null));

        DiskImages.scatterWrites(disk, 0.01, 9);
        SnapshotCompleted second = backUp(request(vault, item, disk, "Running", null, null, null));
        Path copy = DATA.resolve("disks/copy-" + item + ".img");
        Files.copy(disk, copy);
        SnapshotCompleted other = backUp(request(vault, UUID.randomUUID().toString(), copy, "Running", null, null, null));

        assertThat(second.recoveryPoint().stats().bytesStored())
                .isLessThan(first.recoveryPoint().stats().bytesStored() / 4);
        assertThat(other.recoveryPoint().stats().chunksNew()).isZero();
        assertThat(Files.mismatch(disk, restore(second, true))).isEqualTo(-1);
    }

    @Test
    void aGeoRedundantVaultWritesASecondCopy() throws IOException {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();

        backUp(request(vault, item, image("vm-" + item, 2 * MIB, 7), "Running", null, null, "GeoRedundant"));

        try (var files = Files.walk(DATA.resolve("vaults-secondary").resolve(vault))) {
            assertThat(files.filter(Files::isRegularFile).count()).isPositive();
        }
    }

    private static void script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
