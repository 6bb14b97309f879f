package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A Daily policy whose time comes round in about two minutes, on the real clock: the running system (two
 * policy-service instances on one database) takes exactly one scheduled backup, and its recovery point lands in the
 * policy's snapshot resource group.
 */
@ExtendWith(BackupCenter.class)
class ScheduledBackupTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void aDailyPolicyDueInTwoMinutesTakesExactlyOneScheduledBackup() throws IOException {
        Path disk = Api.disk("sched-" + SUFFIX, 4, 7);
        String vaultId = Api.createVault("sched-" + SUFFIX, "backup-rg", "westeurope");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/policies", vaultId).then().statusCode(200).body("items", hasSize(1)));

        // Between 90 and 150 seconds ahead, on a whole minute.
        ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(150).truncatedTo(ChronoUnit.MINUTES);
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "SoonDaily", "policyType": "Standard",
                         "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "UTC",
                         "retention": {"daily": {"count": 7}},
                         "snapshotResourceGroup": {"prefix": "prefix", "suffix": "suffix"}}"""
                        .formatted(due.format(DateTimeFormatter.ofPattern("HH:mm"))))
                .post("/api/v1/vaults/{v}/policies", vaultId).then().statusCode(201);

        String itemId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "sched-%s", "resourceGroup": "sched-rg", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}],
                         "backup": {"enabled": true, "vaultId": "%s", "policyName": "SoonDaily"}}"""
                        .formatted(SUFFIX, disk.toUri(), vaultId))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201).extract().path("protection.protectedItemId");

        String startTime = Api.awaitScheduledBackup(itemId, due).getString("startTime");
        assertThat(ZonedDateTime.parse(startTime)).isAfterOrEqualTo(due);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, itemId)
                .then()
                .body("items", hasSize(1))
                .body("items[0].snapshotResourceGroup", equalTo("prefix1suffix")));

        // Both policy-service instances scan every few seconds; the run must not fire again from either of them.
        sleepPastAnotherScan();
        List<String> jobs = given().queryParam("protectedItemId", itemId).queryParam("operation", "Backup")
                .get("/api/v1/jobs").then().extract().path("items.id");
        assertThat(jobs).hasSize(1);
    }

    private static void sleepPastAnotherScan() {
        await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true);
    }
}
