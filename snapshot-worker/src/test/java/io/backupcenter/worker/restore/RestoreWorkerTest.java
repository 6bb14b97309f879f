package io.backupcenter.worker.restore;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.restore.RestoreCompletedEvent;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.worker.bench.DiskImages;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class RestoreWorkerTest {

    private static final Path DATA = Path.of("target/test-data").toAbsolutePath();

    private record Backup(VmSpec vm, String vault, String item, SnapshotCompleted completed) {
    }

    private static Backup backUp(String redundancy) throws IOException {
        String vault = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        Path disk = DATA.resolve("disks/restore-" + item + ".img");
        DiskImages.generate(disk, 12L << 20, 31);
        VmSpec vm = new VmSpec("vm-" + item, "vm-" + item.substring(0, 8), "hotel-rg", "westeurope", "Linux",
                "Running", List.of(new DiskSpec("osdisk", -1, disk.toUri().toString())), null);
        BackupRequested request = new BackupRequested(UUID.randomUUID(), Instant.now(),
                BackupRequestedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), item, vault, vm, Trigger.OnDemand,
                null, Instant.now(), null, "policy", null, redundancy, "test");
        TopicReader.send(Topics.BACKUP_REQUESTED, item, EventJson.write(request));
        var records = TopicReader.await(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(request.jobId()),
                Duration.ofSeconds(60));
        SnapshotCompleted completed = (SnapshotCompleted) EventJson.read(records.get(0).value(),
                SnapshotCompletedEvent.class);
        assertThat(completed.status()).isEqualTo(SnapshotStatus.Succeeded);
        return new Backup(vm, vault, item, completed);
    }

    private static RestoreCompleted restore(Backup backup, RestoreType type, Tier tier, String target,
            VmSpec newVm, String redundancy) {
        RestoreRequested request = new RestoreRequested(UUID.randomUUID(), Instant.now(),
                RestoreRequestedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), backup.item(), backup.vault(),
                backup.completed().recoveryPoint().id(), type, tier, target, backup.vm(), newVm, redundancy, "test");
        TopicReader.send(Topics.RESTORE_REQUESTED, backup.item(), EventJson.write(request));
        var records = TopicReader.await(Topics.RESTORE_COMPLETED, r -> r.value().contains(request.jobId()),
                Duration.ofSeconds(60));
        return (RestoreCompleted) EventJson.read(records.get(0).value(), RestoreCompletedEvent.class);
    }

    private static Path source(Backup backup) {
        return Path.of(URI.create(backup.vm().disks().get(0).source()));
    }

    @Test
    void disksRestoreByteForByteFromEitherTier() throws IOException {
        Backup backup = backUp("LocallyRedundant");

        for (Tier tier : List.of(Tier.Snapshot, Tier.Vault)) {
            String target = DATA.resolve("restored/" + UUID.randomUUID()).toUri().toString();
            RestoreCompleted done = restore(backup, RestoreType.RestoreDisks, tier, target, null, "LocallyRedundant");

            assertThat(done.status()).as(tier.name()).isEqualTo(SnapshotStatus.Succeeded);
            Path restored = Path.of(URI.create(done.disks().get(0).source()));
            assertThat(restored.getFileName().toString()).isEqualTo("osdisk.img");
            assertThat(Files.mismatch(source(backup), restored)).as(tier.name()).isEqualTo(-1);
        }
    }

    @Test
    void anOriginalLocationRestorePutsBackTheDiskAsItWasAtBackupTime() throws IOException {
        Backup backup = backUp("LocallyRedundant");
        Path disk = source(backup);
        Path before = DATA.resolve("disks/before-" + backup.item() + ".img");
        Files.copy(disk, before);
        DiskImages.scatterWrites(disk, 0.05, 77);

        RestoreCompleted done = restore(backup, RestoreType.OriginalLocation, Tier.Vault, null, null, "LocallyRedundant");

        assertThat(done.status()).isEqualTo(SnapshotStatus.Succeeded);
        assertThat(Files.mismatch(before, disk)).isEqualTo(-1);
    }

    @Test
    void anAlternateLocationRestoreReturnsTheNewVmOnItsRestoredDisks() throws IOException {
        Backup backup = backUp("LocallyRedundant");
        VmSpec newVm = new VmSpec(UUID.randomUUID().toString(), "copy-" + backup.item().substring(0, 6), "restore-rg",
                "westeurope", "Linux", "Stopped", List.of(), null);

        RestoreCompleted done = restore(backup, RestoreType.AlternateLocation, null, null, newVm, "LocallyRedundant");

        assertThat(done.status()).isEqualTo(SnapshotStatus.Succeeded);
        assertThat(done.newVm().disks()).singleElement().satisfies(d -> {
            assertThat(d.source()).contains("restore-rg/" + newVm.name() + "/osdisk.img");
            assertThat(Files.mismatch(source(backup), Path.of(URI.create(d.source())))).isEqualTo(-1);
        });
    }

    @Test
    void damagedVaultDataFailsTheRestoreNamingItAndWritesNoDisk() throws IOException {
        Backup backup = backUp("LocallyRedundant");
        List<Path> packs;
        try (Stream<Path> files = Files.walk(DATA.resolve("vaults").resolve(backup.vault()).resolve("packs"))) {
            packs = files.filter(Files::isRegularFile).toList();
        }
        for (Path pack : packs) {
            try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
                file.seek(file.length() / 3);
                int b = file.read();
                file.seek(file.length() / 3);
                file.write(b ^ 0x40);
            }
        }
        Path directory = DATA.resolve("restored/" + UUID.randomUUID());

        RestoreCompleted done = restore(backup, RestoreType.RestoreDisks, Tier.Vault, directory.toUri().toString(), null,
                "LocallyRedundant");

        assertThat(done.status()).isEqualTo(SnapshotStatus.Failed);
        assertThat(done.error().code()).isEqualTo("BackupDataDamaged");
        assertThat(done.error().message()).contains("osdisk").contains("fails authentication");
        assertThat(directory.resolve("osdisk.img")).doesNotExist();
    }

    @Test
    void aGeoRedundantVaultRestoresFromItsSecondCopyWhenThePrimaryIsGone() throws IOException {
        Backup backup = backUp("GeoRedundant");
        try (Stream<Path> files = Files.walk(DATA.resolve("vaults").resolve(backup.vault()))) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }

        RestoreCompleted done = restore(backup, RestoreType.RestoreDisks, Tier.Vault,
                DATA.resolve("restored/" + UUID.randomUUID()).toUri().toString(), null, "GeoRedundant");

        assertThat(done.status()).isEqualTo(SnapshotStatus.Succeeded);
        assertThat(Files.mismatch(source(backup), Path.of(URI.create(done.disks().get(0).source())))).isEqualTo(-1);
    }
}
