package io.backupcenter.systemtests;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Two snapshot workers; one is killed in the middle of a wave of backups: every job still completes, once. */
@ExtendWith(BackupCenter.class)
class WorkerFailoverTest {

    @Test
    void everyJobCompletesExactlyOnceWhenAWorkerIsKilledMidBackup() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String vault = Api.createVault("failover-" + suffix, "backup-rg", "westeurope");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path disk = Api.disk("failover-" + suffix + "-" + i, 16, 1000 + i);
            items.add(Api.protectedVm("fo-" + suffix + "-" + i, "fo-rg", disk, vault));
        }
        List<String> jobs = new ArrayList<>();
        for (String item : items) {
            jobs.add(Api.backUpNow(vault, item, null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> runningOn("snapshot-worker-2", vault) > 0);

        BackupCenter.kill("snapshot-worker-2");
        try {
            for (String job : jobs) {
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", job)
                        .then().body("status", equalTo("Completed")));
            }
            for (String job : jobs) {
                assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(job)))
                        .as("snapshot-completed of job " + job).hasSize(1);
            }
            for (String item : items) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                        .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                        .then().body("items", hasSize(1)));
            }
            assertThat(runningOn("snapshot-worker-2", vault)).isZero();
        } finally {
            BackupCenter.restart("snapshot-worker-2");
        }
    }

    /** Backups of the vault that a worker instance is running now, from the workers' database. */
    private static int runningOn(String worker, String vault) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/backup_worker_systest", "backup", "backup");
             var query = connection.prepareStatement(
                     "select count(*) from backup_run where worker = ? and vault_id = ? and state = 'Running'")) {
            query.setString(1, worker);
            query.setString(2, vault);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
