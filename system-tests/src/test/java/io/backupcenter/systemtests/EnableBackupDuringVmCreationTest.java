package io.backupcenter.systemtests;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
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
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The seed "Enable backup during VM creation", through the gateway against the real services: a VM created with backup
 * on (over REST, and announced on {@code vm-events}) is "Initial Backup Pending" until Back up now runs; its points land
 * in the default snapshot resource group {@code AzureBackupRG_<region>_1}, then in a policy's custom one, then in the
 * group of the changed pattern while older points stay where they are. Each step a test, in order.
 */
@ExtendWith(BackupCenter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnableBackupDuringVmCreationTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String REGION = "northeurope";
    private static final String VAULT_GROUP = "backup-" + SUFFIX + "-rg";
    private static final Duration BACKUP_TIMEOUT = Duration.ofSeconds(90);

    private static Path webDisk;
    private static String vaultId;
    private static String webItem;
    private static String eventVm;
    private static String eventItem;
    private static String policyId;

    @Test
    @Order(1)
    void aVmCreatedWithBackupOnAndANewVaultIsProtectedAtOnce() throws IOException {
        webDisk = Api.disk("web-" + SUFFIX, 8, 11);

        JsonPath vm = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "web-%s", "resourceGroup": "web-rg", "region": "%s", "osType": "Linux",
                         "powerState": "Running", "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}],
                         "backup": {"enabled": true, "newVault": {"resourceGroup": "%s"}}}"""
                        .formatted(SUFFIX, REGION, webDisk.toUri(), VAULT_GROUP))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201)
                .body("protection.protectionState", equalTo("IRPending"))
                .extract().jsonPath();
        vaultId = vm.getString("protection.vaultId");
        webItem = vm.getString("protection.protectedItemId");

        // The vault is created too: the suggested name, in the VM's region, in a resource group of its own.
        given().get("/api/v1/vaults/{v}", vaultId)
                .then().statusCode(200)
                .body("name", equalTo("vault-" + REGION))
                .body("resourceGroup", equalTo(VAULT_GROUP))
                .body("region", equalTo(REGION))
                .body("protectedItemCount", equalTo(1));
    }

    @Test
    @Order(2)
    void theItemIsInitialBackupPendingOnTheDefaultPolicy() {
        String defaultPolicy = Api.policyId(vaultId, "DefaultPolicy");

        given().get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, webItem)
                .then().statusCode(200)
                .body("vmName", equalTo("web-" + SUFFIX))
                .body("protectionState", equalTo("IRPending"))
                .body("policyId", equalTo(defaultPolicy))
                .body("lastBackupStatus", nullValue())
                .body("latestRecoveryPointTime", nullValue());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("protectedItemId", webItem).queryParam("operation", "ConfigureBackup")
                .get("/api/v1/jobs")
                .then().body("items.status", contains("Completed")));
    }

    @Test
    @Order(3)
    void aVmEventThatCannotBeAppliedIsDeadLetteredWithItsReasonAndShownAsAFailedConfigureBackupJob() {
        String malformed = "broken-" + SUFFIX;
        TopicReader.send(Topics.VM_EVENTS, malformed, "{\"type\": \"VmCreated\", \"vm\": {\"id\": 7");
        String unknownPolicy = "vm-nopolicy-" + SUFFIX;
        TopicReader.send(Topics.VM_EVENTS, unknownPolicy, vmCreated(unknownPolicy, "nopolicy-" + SUFFIX,
                "file:///var/lib/vms/nopolicy.img", "NoSuchPolicy"));

        for (String key : List.of(malformed, unknownPolicy)) {
            var dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> key.equals(r.key()),
                    Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("operation", "ConfigureBackup").queryParam("status", "Failed")
                .get("/api/v1/jobs")
                .then().body("items.find { it.entityName == 'nopolicy-" + SUFFIX + "' }.error.message",
                        containsString("NoSuchPolicy")));
    }

    @Test
    @Order(4)
    void aVmAnnouncedOnVmEventsWithBackupOnIsInitialBackupPendingToo() throws IOException {
        Path disk = Api.disk("api-" + SUFFIX, 4, 12);
        eventVm = "vm-api-" + SUFFIX;
        TopicReader.send(Topics.VM_EVENTS, eventVm, vmCreated(eventVm, "api-" + SUFFIX, disk.toUri().toString(),
                "DefaultPolicy"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/virtual-machines/{id}", eventVm)
                .then().statusCode(200)
                .body("protection.vaultId", equalTo(vaultId))
                .body("protection.protectionState", equalTo("IRPending")));
        eventItem = given().get("/api/v1/virtual-machines/{id}", eventVm)
                .then().extract().path("protection.protectedItemId");
    }

    @Test
    @Order(5)
    void backUpNowRunsABackupJobThatIsInProgressThenCompleted() {
        String job = Api.backUpNow(vaultId, webItem, null);

        List<String> statuses = Api.statusesUntilEnded(job, BACKUP_TIMEOUT);

        assertThat(statuses).containsExactly("InProgress", "Completed");
        given().get("/api/v1/jobs/{id}", job)
                .then().body("operation", equalTo("Backup"))
                .body("entityName", equalTo("web-" + SUFFIX))
                .body("progressPercent", equalTo(100))
                .body("tasks.name", contains("Take Snapshot", "Transfer data to vault"))
                .body("tasks.status", contains("Completed", "Completed"));
    }

    @Test
    @Order(6)
    void theItemIsProtectedWithARecoveryPointInBothTiersInTheDefaultSnapshotGroup() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, webItem)
                .then()
                .body("protectionState", equalTo("Protected"))
                .body("lastBackupStatus", equalTo("Completed"))
                .body("latestRecoveryPointTime", notNullValue()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, webItem)
                .then()
                .body("items", hasSize(1))
                .body("items[0].tiers.tier", contains("Snapshot", "Vault"))
                .body("items[0].tiers.expiresAt", contains(notNullValue(), notNullValue()))
                .body("items[0].snapshotResourceGroup", equalTo("AzureBackupRG_" + REGION + "_1"))
                .body("items[0].sizeBytes", equalTo(8 << 20)));
        JsonPath point = Api.recoveryPoints(vaultId, webItem);
        // DefaultPolicy keeps the instant tier two days.
        assertThat(Duration.between(Instant.parse(point.getString("items[0].time")),
                Instant.parse(point.getString("items[0].tiers[0].expiresAt")))).isEqualTo(Duration.ofDays(2));
        assertThat(snapshotCollection("AzureBackupRG_" + REGION + "_1", webItem)).isDirectory();
    }

    @Test
    @Order(7)
    void theVmAnnouncedOnVmEventsIsBackedUpToo() {
        String job = Api.backUpNow(vaultId, eventItem, null);

        assertThat(Api.statusesUntilEnded(job, BACKUP_TIMEOUT)).containsExactly("InProgress", "Completed");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/virtual-machines/{id}", eventVm)
                .then().body("protection.protectionState", equalTo("Protected")));
    }

    @Test
    @Order(8)
    void aPolicyWithACustomSnapshotResourceGroupPlacesTheNextPointInIt() {
        policyId = given().contentType(ContentType.JSON)
                .body(webDaily("WebBackupRG_", "_rpc"))
                .post("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(201)
                .body("snapshotResourceGroup.prefix", equalTo("WebBackupRG_"))
                .extract().path("id");
        given().contentType(ContentType.JSON).body("{\"policyId\": \"" + policyId + "\"}")
                .patch("/api/v1/vaults/{v}/protected-items/{i}", vaultId, webItem)
                .then().statusCode(200)
                .body("policyId", equalTo(policyId));

        Api.awaitJob(Api.backUpNow(vaultId, webItem, null), "Completed", BACKUP_TIMEOUT);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, webItem)
                .then()
                .body("items", hasSize(2))
                .body("items.snapshotResourceGroup", contains("WebBackupRG_1_rpc", "AzureBackupRG_" + REGION + "_1")));
        assertThat(snapshotCollection("WebBackupRG_1_rpc", webItem)).isDirectory();
    }

    @Test
    @Order(9)
    void changingThePatternPlacesLaterPointsInTheNewGroupAndLeavesOlderOnesWhereTheyAre() throws IOException {
        given().contentType(ContentType.JSON)
                .body(webDaily("WebRG-", ""))
                .put("/api/v1/vaults/{v}/policies/{p}", vaultId, policyId)
                .then().statusCode(200)
                .body("snapshotResourceGroup.prefix", equalTo("WebRG-"));

        Api.awaitJob(Api.backUpNow(vaultId, webItem, null), "Completed", BACKUP_TIMEOUT);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, webItem)
                .then()
                .body("items.snapshotResourceGroup",
                        contains("WebRG-1", "WebBackupRG_1_rpc", "AzureBackupRG_" + REGION + "_1")));
        assertThat(snapshotCollection("WebRG-1", webItem)).isDirectory();
        assertThat(snapshotCollection("WebBackupRG_1_rpc", webItem)).isDirectory();
        assertThat(snapshotCollection("AzureBackupRG_" + REGION + "_1", webItem)).isDirectory();

        // The oldest point still restores from its snapshot in the old group, byte for byte.
        String oldest = Api.recoveryPoints(vaultId, webItem).getString("items[2].id");
        Path target = BackupCenter.userFiles().resolve("restored/web-" + SUFFIX);
        String restore = given().contentType(ContentType.JSON)
                .body("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + target.toUri()
                        + "\", \"sourceTier\": \"Snapshot\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vaultId, webItem, oldest)
                .then().statusCode(202).extract().path("jobId");
        Api.awaitJob(restore, "Completed", BACKUP_TIMEOUT);
        assertThat(Files.mismatch(webDisk, target.resolve("osdisk.img"))).isEqualTo(-1L);
    }

    /** A VmCreated event of the provisioning system, protecting the VM in this story's vault with {@code policy}. */
    private static String vmCreated(String vmId, String name, String diskSource, String policy) {
        return """
                {"eventId": "%s", "type": "VmCreated", "occurredAt": "%s", "schemaVersion": 1,
                 "vm": {"id": "%s", "name": "%s", "resourceGroup": "web-rg", "region": "%s",
                        "osType": "Linux", "powerState": "Running",
                        "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}]},
                 "backup": {"enabled": true, "vaultName": "vault-%s", "vaultResourceGroup": "%s",
                            "policyName": "%s", "createVaultIfMissing": false}}"""
                .formatted(UUID.randomUUID(), Instant.now(), vmId, name, REGION, diskSource, REGION, VAULT_GROUP, policy);
    }

    /** A Daily policy (at an hour the tests never reach) whose snapshots go to {@code prefix + n + suffix}. */
    private static String webDaily(String prefix, String suffix) {
        return """
                {"name": "WebDaily", "policyType": "Standard",
                 "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "UTC",
                 "instantRestoreRetentionDays": 2, "retention": {"daily": {"count": 30}},
                 "snapshotResourceGroup": {"prefix": "%s", "suffix": "%s"}}"""
                .formatted(Api.timeOfDayFarFromNow(), prefix, suffix);
    }

    /** The item's restore point collection in snapshot storage, in {@code group}. */
    private static Path snapshotCollection(String group, String itemId) {
        return BackupCenter.dataDirectory().resolve("snapshots").resolve(group).resolve("rpc-" + itemId);
    }
}
