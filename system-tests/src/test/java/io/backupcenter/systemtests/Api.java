package io.backupcenter.systemtests;

import io.backupcenter.worker.bench.DiskImages;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** Requests the end-to-end tests make again and again, every one through the gateway. */
final class Api {

    private Api() {
    }

    /** A real disk image of {@code mebibytes} MiB under the system's data directory (distinct content per seed). */
    static Path disk(String name, int mebibytes, long seed) throws IOException {
        Path disk = BackupCenter.userFiles().resolve("disks/" + name + ".img");
        DiskImages.generate(disk, (long) mebibytes << 20, seed);
        return disk;
    }

    /** Registers a Linux VM on {@code disk}, protected at once in the vault on its DefaultPolicy; the item's id. */
    static String protectedVm(String name, String resourceGroup, Path disk, String vaultId) {
        return protectedVm(name, resourceGroup, disk, vaultId, "DefaultPolicy");
    }

    /** Registers a Linux VM on {@code disk}, protected at once in the vault on policy {@code policyName}. */
    static String protectedVm(String name, String resourceGroup, Path disk, String vaultId, String policyName) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "%s", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}],
                         "backup": {"enabled": true, "vaultId": "%s", "policyName": "%s"}}"""
                        .formatted(name, resourceGroup, disk.toUri(), vaultId, policyName))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201)
                .body("protection.protectionState", org.hamcrest.Matchers.equalTo("IRPending"))
                .extract().path("protection.protectedItemId");
    }

    /** Creates a vault with the defaults and returns its id. */
    static String createVault(String name, String resourceGroup, String region) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "%s", "region": "%s"}""".formatted(name, resourceGroup, region))
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The id of the vault's policy {@code name}, once policy-service has it (a new vault's DefaultPolicy follows it). */
    static String policyId(String vaultId, String name) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(200)
                .body("items.findAll { it.name == '" + name + "' }", hasSize(1)));
        return given().get("/api/v1/vaults/{v}/policies", vaultId)
                .then().extract().path("items.find { it.name == '" + name + "' }.id");
    }

    /** "Back up now" of an item, keeping the point until {@code retainUntil} (null: the default); the job's id. */
    static String backUpNow(String vaultId, String itemId, String retainUntil) {
        return given().contentType(ContentType.JSON)
                .body(retainUntil == null ? "{}" : "{\"retainUntil\": \"" + retainUntil + "\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vaultId, itemId)
                .then().statusCode(202)
                .extract().path("jobId");
    }

    /**
     * Every status the job showed, polled every 100 ms from now until it ended (Completed, Failed, Cancelled, …). A
     * backup in the system tests lasts at least two seconds (the workers' simulated slow source), so a job that was
     * {@code InProgress} is seen so.
     */
    static List<String> statusesUntilEnded(String jobId, Duration atMost) {
        List<String> seen = new ArrayList<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = given().get("/api/v1/jobs/{id}", jobId);
            if (response.statusCode() == 404) {
                return false;  // job-service has not seen the job's first event yet
            }
            String status = response.then().statusCode(200).extract().path("status");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return !status.equals("InProgress") && !status.equals("Cancelling");
        });
        return seen;
    }

    /** The job, once it has ended with {@code status}. */
    static JsonPath awaitJob(String jobId, String status, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> given()
                .get("/api/v1/jobs/{id}", jobId)
                .then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo(status)));
        return given().get("/api/v1/jobs/{id}", jobId).then().extract().jsonPath();
    }

    /**
     * Waits until the item's one Backup job, the scheduled one due at {@code due}, has completed (at most 90 s after
     * {@code due}); the job as listed.
     */
    static JsonPath awaitScheduledBackup(String itemId, java.time.ZonedDateTime due) {
        Duration untilDue = Duration.between(ZonedDateTime.now(ZoneOffset.UTC), due);
        await().atMost(untilDue.plusSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> given()
                .queryParam("protectedItemId", itemId).queryParam("operation", "Backup")
                .get("/api/v1/jobs")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].status", org.hamcrest.Matchers.equalTo("Completed")));
        return given().queryParam("protectedItemId", itemId).queryParam("operation", "Backup")
                .get("/api/v1/jobs").then().extract().jsonPath().setRootPath("items[0]");
    }

    /** The item's recovery points, newest first. */
    static JsonPath recoveryPoints(String vaultId, String itemId) {
        return given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, itemId)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * A time of day ({@code HH:mm}, UTC) twelve hours from now: a schedule at it does not fire while the tests run, so
     * only the backups a test asks for happen.
     */
    static String timeOfDayFarFromNow() {
        return ZonedDateTime.now(ZoneOffset.UTC).plusHours(12).format(DateTimeFormatter.ofPattern("HH:00"));
    }
}
