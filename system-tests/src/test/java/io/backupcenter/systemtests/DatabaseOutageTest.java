package io.backupcenter.systemtests;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * PostgreSQL goes away while the system runs, in the middle of a backup, and comes back (every service reaches it
 * through a relay the test cuts; the server itself runs on): health goes DOWN then UP, requests meanwhile get a 503
 * problem at once rather than hanging, and the backup requested just before completes once, with its recovery point:
 * what could not reach the database waited for it (the worker's run, the consumers' events, the outboxes' relays).
 */
@ExtendWith(BackupCenter.class)
class DatabaseOutageTest {

    /** Longer than a backup of the test disk takes (the workers' 2 s simulated slow source and the transfer). */
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @Test
    void aDatabaseOutageIsA503AndHealthDownMeanwhileAndTheBackupInFlightCompletesOnceAfter() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Path disk = Api.disk("outage-" + suffix, 8, 5150);
        String vault = Api.createVault("outage-" + suffix, "backup-rg", "westeurope");
        String item = Api.protectedVm("outage-" + suffix, "outage-rg", disk, vault);
        String job = Api.backUpNow(vault, item, null);
        given().get("/api/v1/jobs/{id}", job).then().statusCode(200).body("status", equalTo("InProgress"));

        BackupCenter.cutDatabase();
        try {
            // Down for OUTAGE at least, so the backup's run meets the outage wherever it stands.
            long outageEnds = System.nanoTime() + OUTAGE.toNanos();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health")
                    .then().statusCode(503).body("status", equalTo("DOWN")));
            await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long asked = System.nanoTime();
                given().get("/api/v1/vaults/{v}", vault)
                        .then().statusCode(503)
                        .contentType("application/problem+json")
                        .body("title", equalTo("Service unavailable"));
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered, not left hanging")
                        .isLessThan(Duration.ofSeconds(10));
                return System.nanoTime() > outageEnds;
            });
        } finally {
            BackupCenter.restoreDatabase();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health")
                .then().statusCode(200).body("status", equalTo("UP")));
        Api.awaitJob(job, "Completed", Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                .then().statusCode(200).body("items", hasSize(1)));
        given().get("/api/v1/vaults/{v}/protected-items/{i}", vault, item)
                .then().body("protectionState", equalTo("Protected"));
        assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(job))).hasSize(1);
    }
}
