package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Fair queueing: one vault's scheduled wave of 60 backups (two workers, each running two backups of at least two
 * seconds at once: a 30-second wave) must not hold back another vault's "Back up now", which completes within seconds
 * while most of the wave still waits; then every backup of the wave completes, once.
 */
@ExtendWith(BackupCenter.class)
class FairQueueingTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final int WAVE = 60;

    @Test
    void aBackUpNowDuringAnotherVaultsScheduledWaveCompletesWithinSeconds() throws IOException {
        String busy = Api.createVault("wave-" + SUFFIX, "wave-rg", "westeurope");
        String other = Api.createVault("quiet-" + SUFFIX, "quiet-rg", "westeurope");
        Api.policyId(busy, "DefaultPolicy");
        String policy = given().contentType(ContentType.JSON).body(wavePolicy(Api.timeOfDayFarFromNow()))
                .post("/api/v1/vaults/{v}/policies", busy).then().statusCode(201).extract().path("id");
        for (int i = 0; i < WAVE; i++) {
            Api.protectedVm("wave-" + SUFFIX + "-" + i, "wave-rg", Api.disk("wave-" + SUFFIX + "-" + i, 1, 500 + i),
                    busy, "Wave");
        }
        Api.policyId(other, "DefaultPolicy");
        String quietItem = Api.protectedVm("quiet-" + SUFFIX, "quiet-rg", Api.disk("quiet-" + SUFFIX, 1, 499), other);

        // The wave's minute: the next whole minute at least ten seconds ahead.
        ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(70).truncatedTo(ChronoUnit.MINUTES);
        given().contentType(ContentType.JSON).body(wavePolicy(due.format(DateTimeFormatter.ofPattern("HH:mm"))))
                .put("/api/v1/vaults/{v}/policies/{p}", busy, policy).then().statusCode(200);
        await().atMost(Duration.between(Instant.now(), due.toInstant()).plusSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> waveJobs(busy).size() == WAVE);

        String now = Api.backUpNow(other, quietItem, null);
        JsonPath quick = Api.awaitJob(now, "Completed", Duration.ofSeconds(30));
        long waveEnded = waveJobs(busy).stream().filter(status -> !status.equals("InProgress")).count();

        Duration took = Duration.between(Instant.parse(quick.getString("startTime")),
                Instant.parse(quick.getString("endTime")));
        assertThat(took).as("Back up now of the quiet vault, from request to completion")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(waveEnded).as("wave backups ended when the Back up now completed").isLessThan(WAVE / 2);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> given()
                .queryParam("vaultId", busy).queryParam("operation", "Backup").queryParam("limit", 1000)
                .get("/api/v1/jobs")
                .then().statusCode(200)
                .body("items", hasSize(WAVE))
                .body("items.status", everyItem(equalTo("Completed"))));
        given().get("/api/v1/vaults/{v}/protected-items", busy).then().statusCode(200)
                .body("items", hasSize(WAVE))
                .body("items.protectionState", everyItem(equalTo("Protected")));
    }

    private static String wavePolicy(String time) {
        return """
                {"name": "Wave", "policyType": "Standard",
                 "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "UTC",
                 "retention": {"daily": {"count": 7}}}""".formatted(time);
    }

    /** The statuses of the busy vault's backup jobs. */
    private static List<String> waveJobs(String vaultId) {
        return new ArrayList<>(given().queryParam("vaultId", vaultId).queryParam("operation", "Backup")
                .queryParam("limit", 1000)
                .get("/api/v1/jobs")
                .then().statusCode(200)
                .extract().<List<String>>path("items.status"));
    }
}
