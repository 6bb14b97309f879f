package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/**
 * "Back up now" across every service: vault-service requests the backup, a snapshot worker takes and transfers it,
 * job-service tracks the job, policy-service assigns the retention, and the catalog shows the recovery point.
 */
@ExtendWith(BackupCenter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackUpNowTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static String vaultId;
    private static String itemId;
    private static String jobId;
    private static String pointId;

    @Test
    @Order(1)
    void aVmWithARealDiskIsProtectedAtCreation() throws IOException {
        Path disk = Api.disk("hotel-" + SUFFIX, 8, 99);
        vaultId = Api.createVault("bn-" + SUFFIX, "backup-rg", "westeurope");

        itemId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "hotel-%s", "resourceGroup": "hotel-rg", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}],
                         "backup": {"enabled": true, "vaultId": "%s"}}""".formatted(SUFFIX, disk.toUri(), vaultId))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201)
                .body("protection.protectionState", equalTo("IRPending"))
                .extract().path("protection.protectedItemId");
    }

    @Test
    @Order(2)
    void backUpNowRunsAJobToCompletion() {
        jobId = Api.backUpNow(vaultId, itemId, "2099-01-31T00:00:00Z");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId)
                .then().statusCode(200)
                .body("operation", equalTo("Backup"))
                .body("status", equalTo("Completed"))
                .body("progressPercent", equalTo(100)));
    }

    @Test
    @Order(3)
    void theItemIsProtectedWithARecoveryPointInBothTiers() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, itemId)
                .then()
                .body("protectionState", equalTo("Protected"))
                .body("lastBackupStatus", equalTo("Completed"))
                .body("latestRecoveryPointTime", notNullValue()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, itemId)
                .then()
                .body("items", hasSize(1))
                .body("items[0].tiers.tier", contains("Snapshot", "Vault"))
                .body("items[0].tiers[1].expiresAt", equalTo("2099-01-31T00:00:00Z"))
                .body("items[0].snapshotResourceGroup", matchesPattern("AzureBackupRG_westeurope_\\d+"))
                .body("items[0].type", equalTo("CrashConsistent"))
                .body("items[0].sizeBytes", equalTo(8 << 20)));
        JsonPath vault = given().get("/api/v1/vaults/{v}", vaultId).then().extract().jsonPath();
        assertThat(vault.getLong("usage.storedBytes")).isPositive();
        pointId = given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, itemId)
                .then().extract().path("items[0].id");
    }

    @Test
    @Order(4)
    void aDiskRestoredFromTheVaultTierIsByteIdenticalToTheSource() throws IOException {
        Path target = BackupCenter.userFiles().resolve("restored/" + SUFFIX);
        String restoreJob = given().contentType(ContentType.JSON)
                .body("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + target.toUri() + "\", \"sourceTier\": \"Vault\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vaultId, itemId, pointId)
                .then().statusCode(202).extract().path("jobId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", restoreJob)
                .then().body("operation", equalTo("Restore")).body("status", equalTo("Completed")));
        assertThat(java.nio.file.Files.mismatch(disk(), target.resolve("osdisk.img"))).isEqualTo(-1);
    }

    @Test
    @Order(5)
    void anAlternateLocationRestoreRegistersTheNewVm() {
        String restoreJob = given().contentType(ContentType.JSON)
                .body("{\"restoreType\": \"AlternateLocation\", \"vmName\": \"hotel-copy-" + SUFFIX
                        + "\", \"resourceGroup\": \"restore-rg\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vaultId, itemId, pointId)
                .then().statusCode(202).extract().path("jobId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", restoreJob)
                .then().body("status", equalTo("Completed")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("resourceGroup", "restore-rg").get("/api/v1/virtual-machines")
                .then().body("items.name", org.hamcrest.Matchers.hasItem("hotel-copy-" + SUFFIX)));
    }

    private static Path disk() {
        return BackupCenter.userFiles().resolve("disks/hotel-" + SUFFIX + ".img");
    }
}
