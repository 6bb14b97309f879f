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

/**
 * The Kafka broker crashes (SIGKILL) in the middle of a wave of backups and comes back on the same data: no job is
 * lost, every one completes exactly once with its recovery point, and the services reconnect by themselves.
 */
@ExtendWith(BackupCenter.class)
class BrokerRestartTest {

    @Test
    void aBrokerCrashAndRestartMidWaveLosesNoJobAndTheServicesReconnectByThemselves() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String vault = Api.createVault("broker-" + suffix, "backup-rg", "westeurope");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path disk = Api.disk("broker-" + suffix + "-" + i, 4, 2000 + i);
            items.add(Api.protectedVm("br-" + suffix + "-" + i, "br-rg", disk, vault));
        }
        List<String> jobs = new ArrayList<>();
        for (String item : items) {
            jobs.add(Api.backUpNow(vault, item, null));
        }

        BackupCenter.killBroker();
        // While the broker is down the API still answers: the backups' events wait in the outboxes.
        given().get("/api/v1/vaults/{v}", vault).then().statusCode(200);
        BackupCenter.startBroker();

        for (String job : jobs) {
            Api.awaitJob(job, "Completed", Duration.ofSeconds(180));
        }
        for (String job : jobs) {
            assertThat(TopicReader.all(Topics.SNAPSHOT_COMPLETED, r -> r.value().contains(job)))
                    .as("snapshot-completed of job " + job).hasSize(1);
        }
        for (String item : items) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                    .then().body("items", hasSize(1)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health")
                .then().statusCode(200).body("status", equalTo("UP")));
    }
}
