package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

/**
 * The seed tutorial "Back up multiple virtual machines", through the gateway against the real services: a vault, a
 * custom Enhanced policy (every 4 hours), the three VMs of a sports complex protected at once, Back up now on each with
 * a retain-until date, the Backup Jobs view In progress then Completed, a disk restored byte for byte, and the clean-up
 * (stop backup with delete data, soft delete, the vault deleted once its items are gone). Each step a test, in order.
 */
@ExtendWith(BackupCenter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupMultipleVmsTutorialTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> COMPLEX = List.of("hotel", "stadium", "restaurant");
    private static final String RETAIN_UNTIL = Instant.now().plus(90, ChronoUnit.DAYS)
            .truncatedTo(ChronoUnit.DAYS).toString();
    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(90);

    private static String vaultId;
    private static String policyId;
    /** Name (hotel, …) → VM id, disk, protected item id and Back up now job, in the order of {@link #COMPLEX}. */
    private static final Map<String, String> vms = new LinkedHashMap<>();
    private static final Map<String, Path> disks = new LinkedHashMap<>();
    private static final Map<String, String> items = new LinkedHashMap<>();
    private static final Map<String, String> backupJobs = new LinkedHashMap<>();
    private static String arena;

    private static String vmName(String name) {
        return name + "-" + SUFFIX;
    }

    private static String registerVm(String name, String region, Path disk) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "sports-rg", "region": "%s", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}]}"""
                        .formatted(vmName(name), region, disk.toUri()))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    @Order(1)
    void createARecoveryServicesVault() {
        vaultId = Api.createVault("sports-vault-" + SUFFIX, "backup-rg", "westeurope");

        given().get("/api/v1/vaults/{v}", vaultId)
                .then().statusCode(200)
                .body("storageRedundancy", equalTo("GeoRedundant"))
                .body("softDelete.enabled", equalTo(true))
                .body("softDelete.retentionDays", equalTo(14));
    }

    @Test
    @Order(2)
    void theVaultHasTheDefaultPolicyDailyKeptThirtyDaysWithTwoDaysOfSnapshots() {
        Api.policyId(vaultId, "DefaultPolicy");

        given().get("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(200)
                .body("items.name", contains("DefaultPolicy"))
                .body("items[0].schedule.frequency", equalTo("Daily"))
                .body("items[0].retention.daily.count", equalTo(30))
                .body("items[0].instantRestoreRetentionDays", equalTo(2));
    }

    @Test
    @Order(3)
    void createACustomEnhancedPolicyThatBacksUpEveryFourHours() {
        policyId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "SportsEvery4Hours", "policyType": "Enhanced",
                         "schedule": {"frequency": "Hourly", "hourlyIntervalHours": 4,
                                      "windowStartTime": "%s", "windowDurationHours": 12},
                         "timeZone": "UTC",
                         "retention": {"daily": {"count": 30}, "weekly": {"count": 12, "daysOfWeek": ["Sunday"]}}}"""
                        .formatted(Api.timeOfDayFarFromNow()))
                .post("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(201)
                .body("policyType", equalTo("Enhanced"))
                .body("schedule.hourlyIntervalHours", equalTo(4))
                .body("instantRestoreRetentionDays", equalTo(7))
                .extract().path("id");
    }

    @Test
    @Order(4)
    void registerTheSportsComplexVmsAndOneInAnotherRegion() throws IOException {
        long seed = 21;
        for (String name : COMPLEX) {
            disks.put(name, Api.disk(vmName(name), 6, seed++));
            vms.put(name, registerVm(name, "westeurope", disks.get(name)));
        }
        arena = registerVm("arena", "northeurope", Api.disk(vmName("arena"), 1, seed));

        given().queryParam("protectable", true).queryParam("resourceGroup", "sports-rg")
                .get("/api/v1/virtual-machines")
                .then().statusCode(200)
                .body("items.id", hasItems(vms.get("hotel"), vms.get("stadium"), vms.get("restaurant"), arena));
    }

    @Test
    @Order(5)
    void aBatchWithAnUnknownPolicyIsRefusedWhole() {
        given().contentType(ContentType.JSON)
                .body("{\"policyId\": \"no-such-policy\", \"vmIds\": [\"" + vms.get("hotel") + "\"]}")
                .post("/api/v1/vaults/{v}/protected-items", vaultId)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no policy 'no-such-policy'"));
    }

    @Test
    @Order(6)
    void protectTheThreeAtOnceWithTheCustomPolicyAndOnlyVmsOfTheVaultsRegion() {
        JsonPath results = given().contentType(ContentType.JSON)
                .body("{\"policyId\": \"" + policyId + "\", \"vmIds\": [\"" + vms.get("hotel") + "\", \""
                        + vms.get("stadium") + "\", \"" + vms.get("restaurant") + "\", \"" + arena + "\"]}")
                .post("/api/v1/vaults/{v}/protected-items", vaultId)
                .then().statusCode(200)
                .body("results.status", contains(201, 201, 201, 400))
                .body("results[0..2].protectedItem.protectionState", everyItem(equalTo("IRPending")))
                .body("results[0..2].protectedItem.policyId", everyItem(equalTo(policyId)))
                .body("results[3].error.detail", containsString("a vault protects only VMs of its own region"))
                .extract().jsonPath();
        for (int i = 0; i < COMPLEX.size(); i++) {
            items.put(COMPLEX.get(i), results.getString("results[" + i + "].protectedItem.id"));
        }

        // A VM is protected by one vault only.
        String otherVault = Api.createVault("other-vault-" + SUFFIX, "backup-rg", "westeurope");
        given().contentType(ContentType.JSON)
                .body("{\"vmIds\": [\"" + vms.get("hotel") + "\"]}")
                .post("/api/v1/vaults/{v}/protected-items", otherVault)
                .then().statusCode(200)
                .body("results[0].status", equalTo(409));
        given().delete("/api/v1/vaults/{v}", otherVault).then().statusCode(204);
    }

    @Test
    @Order(7)
    void eachProtectedVmHasACompletedConfigureBackupJob() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("vaultId", vaultId).queryParam("operation", "ConfigureBackup")
                .get("/api/v1/jobs")
                .then().statusCode(200)
                .body("items.entityName", containsInAnyOrder(vmName("hotel"), vmName("stadium"),
                        vmName("restaurant")))
                .body("items.status", everyItem(equalTo("Completed"))));
    }

    @Test
    @Order(8)
    void backUpNowOnEachWithARetainUntilDate() {
        for (String name : COMPLEX) {
            backupJobs.put(name, Api.backUpNow(vaultId, items.get(name), RETAIN_UNTIL));
        }

        // A second Back up now of an item whose backup runs is refused.
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vaultId, items.get("hotel"))
                .then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    @Order(9)
    void theBackupJobsViewFilteredInProgressShowsTheThreeBackups() {
        // Each backup lasts at least two seconds (the workers' simulated slow source); poll until each was seen.
        Set<String> seenInProgress = new HashSet<>();
        await().atMost(BACKUP_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath page = given().queryParam("status", "InProgress").queryParam("vaultId", vaultId)
                    .get("/api/v1/jobs")
                    .then().statusCode(200)
                    .body("items.status", everyItem(equalTo("InProgress")))
                    .body("items.operation", everyItem(equalTo("Backup")))
                    .extract().jsonPath();
            seenInProgress.addAll(page.getList("items.id", String.class));
            return seenInProgress.containsAll(backupJobs.values());
        });
    }

    @Test
    @Order(10)
    void thenTheThreeBackupJobsAreCompleted() {
        await().atMost(BACKUP_TIMEOUT).untilAsserted(() -> given()
                .queryParam("vaultId", vaultId).queryParam("operation", "Backup").queryParam("status", "Completed")
                .get("/api/v1/jobs")
                .then().statusCode(200)
                .body("items.id", containsInAnyOrder(backupJobs.values().toArray())));
        given().queryParam("status", "InProgress").queryParam("vaultId", vaultId).get("/api/v1/jobs")
                .then().body("items", hasSize(0));
    }

    @Test
    @Order(11)
    void eachVmIsProtectedWithARecoveryPointKeptUntilItsRetainUntilDate() {
        for (String name : COMPLEX) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, items.get(name))
                    .then()
                    .body("protectionState", equalTo("Protected"))
                    .body("lastBackupStatus", equalTo("Completed")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, items.get(name))
                    .then()
                    .body("items", hasSize(1))
                    .body("items[0].tiers.tier", contains("Snapshot", "Vault"))
                    .body("items[0].tiers[1].expiresAt", equalTo(RETAIN_UNTIL))
                    .body("items[0].sizeBytes", equalTo(6 << 20)));
            JsonPath point = Api.recoveryPoints(vaultId, items.get(name));
            // The Enhanced policy keeps the instant tier seven days.
            assertThat(Duration.between(Instant.parse(point.getString("items[0].time")),
                    Instant.parse(point.getString("items[0].tiers[0].expiresAt")))).isEqualTo(Duration.ofDays(7));
        }
        JsonPath vault = given().get("/api/v1/vaults/{v}", vaultId).then().extract().jsonPath();
        assertThat(vault.getInt("protectedItemCount")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                given().get("/api/v1/vaults/{v}", vaultId).then().extract().jsonPath().getLong("usage.storedBytes"))
                .isPositive());
    }

    @Test
    @Order(12)
    void aDiskRestoredFromTheVaultTierIsByteIdenticalToTheSource() throws IOException {
        String point = Api.recoveryPoints(vaultId, items.get("stadium")).getString("items[0].id");
        Path target = BackupCenter.userFiles().resolve("restored/stadium-" + SUFFIX);

        String job = given().contentType(ContentType.JSON)
                .body("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + target.toUri()
                        + "\", \"sourceTier\": \"Vault\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vaultId,
                        items.get("stadium"), point)
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/"))
                .extract().path("jobId");

        Api.awaitJob(job, "Completed", BACKUP_TIMEOUT);
        given().get("/api/v1/jobs/{id}", job).then().body("operation", equalTo("Restore"));
        assertThat(Files.mismatch(disks.get("stadium"), target.resolve("osdisk.img"))).isEqualTo(-1L);
    }

    @Test
    @Order(13)
    void stopBackupWithDeleteDataRefusesAWrongItemName() {
        given().contentType(ContentType.JSON)
                .body("{\"deleteBackupData\": true, \"confirmName\": \"myVM\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vaultId, items.get("hotel"))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("confirmName"))
                .body("errors[0].message", containsString(vmName("hotel")));
    }

    @Test
    @Order(14)
    void stopBackupWithDeleteDataAndTheItemNameTypedSoftDeletesEachForFourteenDays() {
        for (String name : COMPLEX) {
            given().contentType(ContentType.JSON)
                    .body("{\"deleteBackupData\": true, \"confirmName\": \"" + vmName(name) + "\"}")
                    .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vaultId, items.get(name))
                    .then().statusCode(202)
                    .header("Location", containsString("/api/v1/jobs/"));

            JsonPath item = given().get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, items.get(name))
                    .then().statusCode(200)
                    .body("protectionState", equalTo("SoftDeleted"))
                    .extract().jsonPath();
            assertThat(Duration.between(Instant.parse(item.getString("softDelete.deletedAt")),
                    Instant.parse(item.getString("softDelete.purgeAt")))).isEqualTo(Duration.ofDays(14));
            // The points are kept while soft-deleted.
            assertThat(Api.recoveryPoints(vaultId, items.get(name)).getList("items")).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("vaultId", vaultId).queryParam("operation", "DeleteBackupData")
                .get("/api/v1/jobs")
                .then().body("items", hasSize(3)).body("items.status", everyItem(equalTo("Completed"))));
    }

    @Test
    @Order(15)
    void theVaultCannotBeDeletedWhileItHoldsSoftDeletedItems() {
        given().get("/api/v1/vaults/{v}", vaultId)
                .then().body("protectedItemCount", equalTo(0)).body("softDeletedItemCount", equalTo(3));
        given().delete("/api/v1/vaults/{v}", vaultId)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("3 soft-deleted item(s)"));
    }

    @Test
    @Order(16)
    void onceTheItemsAreGoneTheVaultIsDeleted() {
        // Instead of waiting the 14 days: turn soft delete off, undelete, delete the data again (as in Azure Backup).
        given().contentType(ContentType.JSON).body("{\"softDelete\": {\"enabled\": false}}")
                .patch("/api/v1/vaults/{v}", vaultId)
                .then().statusCode(200)
                .body("softDelete.enabled", equalTo(false));
        for (String name : COMPLEX) {
            given().post("/api/v1/vaults/{v}/protected-items/{i}/undelete", vaultId, items.get(name))
                    .then().statusCode(202);
            given().contentType(ContentType.JSON)
                    .body("{\"deleteBackupData\": true, \"confirmName\": \"" + vmName(name) + "\"}")
                    .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vaultId, items.get(name))
                    .then().statusCode(202);
            given().get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, items.get(name))
                    .then().statusCode(404);
        }

        given().delete("/api/v1/vaults/{v}", vaultId).then().statusCode(204);
        given().get("/api/v1/vaults/{v}", vaultId).then().statusCode(404)
                .contentType("application/problem+json");
        // The VMs are protectable again.
        given().queryParam("protectable", true).queryParam("resourceGroup", "sports-rg")
                .get("/api/v1/virtual-machines")
                .then().body("items.id", hasItems(vms.get("hotel"), vms.get("stadium"), vms.get("restaurant")));
    }
}
