package io.backupcenter.systemtests;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * At most one run of a backup at any moment, and every job ends (README "What happens when …"). The workers here hold
 * a run's lease for 6 s, and the watchdog ends a run that has not moved for 20 s.
 */
@ExtendWith(BackupCenter.class)
class OneRunAtATimeTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void aWorkerPausedPastItsLeaseIsTakenOverAndOnResumingPublishesNothing() throws Exception {
        String vault = Api.createVault("pause-" + SUFFIX, "backup-rg", "westeurope");
        Path disk = Api.disk("pause-" + SUFFIX, 24, 4242);
        String item = Api.protectedVm("pause-" + SUFFIX, "pause-rg", disk, vault);
        String job = Api.backUpNow(vault, item, null);

        // The run has begun (its 2 s slow source ahead): pause the worker that holds it.
        String holder = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> run(job), r -> r != null).worker();
        BackupCenter.pause(holder);
        try {
            // Its Kafka session ends (10 s), the other worker receives the record, waits out the lease, takes over.
            Api.awaitJob(job, "Completed", Duration.ofSeconds(90));
            Run taken = run(job);
            assertThat(taken.worker()).isNotEqualTo(holder);
            assertThat(taken.token()).isEqualTo(2);
        } finally {
            BackupCenter.resume(holder);
        }

        // Resumed, the first attempt finds its lease lost and stops: it publishes nothing and leaves no file.
        Path collection = snapshotCollection(vault, item);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(collection)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".attempt-"));
            }
        });
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/v1/jobs/{id}", job).then().body("status", equalTo("Completed")));
        assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(job))).hasSize(1);
        String point = onePoint(vault, item);
        Path restored = BackupCenter.userFiles().resolve("restored/pause-" + SUFFIX);
        restoreFromVault(vault, item, point, restored);
        assertThat(Files.mismatch(disk, restored.resolve("osdisk.img"))).isEqualTo(-1L);
        try (Stream<Path> files = Files.list(collection.resolve(point))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("osdisk.img");
        }
        assertThat(Files.mismatch(disk, collection.resolve(point).resolve("osdisk.img"))).isEqualTo(-1L);
    }

    @Test
    void aWorkerJoiningMidBackupTakesNothingOverThatIsStillRunning() throws Exception {
        String vault = Api.createVault("join-" + SUFFIX, "backup-rg", "westeurope");
        List<Path> disks = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path disk = Api.disk("join-" + SUFFIX + "-" + i, 16, 700 + i);
            disks.add(disk);
            items.add(Api.protectedVm("join-" + SUFFIX + "-" + i, "join-rg", disk, vault));
        }
        List<String> jobs = new ArrayList<>();
        for (String item : items) {
            jobs.add(Api.backUpNow(vault, item, null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> run(jobs.get(0)) != null);
        // A third worker joins the group: the partitions are shared out again while backups run.
        BackupCenter.startWorker("snapshot-worker-3");
        try {
            for (String job : jobs) {
                Api.awaitJob(job, "Completed", Duration.ofSeconds(120));
            }
            for (String job : jobs) {
                assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(job)))
                        .as("snapshot-completed of job " + job).hasSize(1);
            }
            for (String item : items) {
                onePoint(vault, item);
            }
            String point = onePoint(vault, items.get(0));
            Path restored = BackupCenter.userFiles().resolve("restored/join-" + SUFFIX);
            restoreFromVault(vault, items.get(0), point, restored);
            assertThat(Files.mismatch(disks.get(0), restored.resolve("osdisk.img"))).isEqualTo(-1L);
        } finally {
            BackupCenter.stopInstance("snapshot-worker-3");
        }
    }

    @Test
    void aBackupWhoseWorkerThrowsEndsFailedWithTheReasonAndCanBeBackedUpAgainAtOnce() {
        String vault = Api.createVault("fault-" + SUFFIX, "backup-rg", "westeurope");
        for (String kind : List.of("throw", "error")) {
            String vm = "fault-" + kind + "-" + SUFFIX;
            String item = Api.protectedVm(vm, "fault-rg", Path.of("/var/lib/vms/" + vm + ".img"), vault);
            String job = Api.backUpNow(vault, item, null);

            var failed = Api.awaitJob(job, "Failed", Duration.ofSeconds(30));
            assertThat(failed.getString("error.code")).isEqualTo("WorkerError");
            assertThat(failed.getString("error.message")).contains("injected");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                    .get("/api/v1/vaults/{v}/protected-items/{i}", vault, item)
                    .then().body("lastBackupStatus", equalTo("Failed")));
            // Not "a backup is already running": the item takes a Back up now at once.
            Api.backUpNow(vault, item, null);
        }
    }

    @Test
    void aRunThatStopsMovingIsEndedWorkerLostAndTheItemCanBeBackedUpAgain() throws Exception {
        // The VM's pre-snapshot hook holds the backup, making no progress, until the test lets it go.
        Path release = BackupCenter.dataDirectory().resolve("hooks/release-stall-" + SUFFIX);
        Path hook = BackupCenter.dataDirectory().resolve("hooks/stall-" + SUFFIX + ".sh");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\nfor i in $(seq 1 900); do [ -f '" + release + "' ] && exit 0; sleep 0.1;"
                + " done\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        String vault = Api.createVault("stall-" + SUFFIX, "backup-rg", "westeurope");
        Path disk = Api.disk("stall-" + SUFFIX, 4, 77);
        String item = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "stall-%s", "resourceGroup": "stall-rg", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}],
                         "consistencyHooks": {"pre": "%s"},
                         "backup": {"enabled": true, "vaultId": "%s"}}"""
                        .formatted(SUFFIX, disk.toUri(), hook.getFileName(), vault))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201).extract().path("protection.protectedItemId");
        String stalled = Api.backUpNow(vault, item, null);

        var failed = Api.awaitJob(stalled, "Failed", Duration.ofSeconds(60));
        assertThat(failed.getString("error.code")).isEqualTo("WorkerLost");
        assertThat(failed.getString("error.message")).contains("made no progress for 20 seconds");
        String again = Api.backUpNow(vault, item, null);
        Files.createFile(release);

        Api.awaitJob(again, "Completed", Duration.ofSeconds(60));
        // The stalled attempt, let go, found its lease revoked: it ended nothing and made no point.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .get("/api/v1/jobs/{id}", stalled).then().body("status", equalTo("Failed")));
        assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(stalled))).hasSize(1);
        given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                .then().statusCode(200).body("items", hasSize(1));
    }

    /** The run of a job as the workers' database holds it. */
    private record Run(String worker, long token, String snapshotPath) {
    }

    private static Connection workers() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/backup_worker_systest", "backup",
                "backup");
    }

    private static Run run(String job) throws SQLException {
        try (Connection connection = workers();
             var query = connection.prepareStatement("select worker, lease_token from backup_run where job_id = ?")) {
            query.setString(1, job);
            try (var rows = query.executeQuery()) {
                return rows.next() ? new Run(rows.getString(1), rows.getLong(2), null) : null;
            }
        }
    }

    /** The item's restore point collection, where its snapshots are. */
    private static Path snapshotCollection(String vault, String item) throws SQLException {
        try (Connection connection = workers();
             var query = connection.prepareStatement(
                     "select snapshot_path from recovery_point where vault_id = ? and protected_item_id = ?")) {
            query.setString(1, vault);
            query.setString(2, item);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as("a recovery point of item " + item).isTrue();
                return Path.of(rows.getString(1)).getParent();
            }
        }
    }

    /** The id of the item's one recovery point (waiting for vault-service to have it). */
    private static String onePoint(String vault, String item) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                .then().body("items", hasSize(1)));
        return Api.recoveryPoints(vault, item).getString("items[0].id");
    }

    private static void restoreFromVault(String vault, String item, String point, Path target) {
        String job = given().contentType(ContentType.JSON)
                .body("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + target.toUri() + "\", \"sourceTier\": "
                        + "\"Vault\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vault, item, point)
                .then().statusCode(202).extract().path("jobId");
        Api.awaitJob(job, "Completed", Duration.ofSeconds(60));
    }
}
