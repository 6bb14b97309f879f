package io.backupcenter.systemtests;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * The seed tutorial "Back up multiple virtual machines", first half, through the gateway against the real services:
 * each step a test, in order, so a failure names the step.
 */
@ExtendWith(BackupCenter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupMultipleVmsTutorialTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static String vaultId;
    private static String defaultPolicyId;
    private static String hotel;
    private static String stadium;
    private static String restaurant;
    private static String hotelItem;

    @BeforeAll
    static void throughTheGateway() {
        RestAssured.baseURI = BackupCenter.gateway();
    }

    private static String registerVm(String name, String region) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "sports-rg", "region": "%s", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "file:///var/lib/vms/%s.img"}]}"""
                        .formatted(name, region, name))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    @Order(1)
    void createARecoveryServicesVault() {
        vaultId = given().contentType(ContentType.JSON)
                .body("{\"name\": \"sports-vault-" + SUFFIX + "\", \"resourceGroup\": \"backup-rg\", \"region\": \"westeurope\"}")
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .body("storageRedundancy", equalTo("GeoRedundant"))
                .extract().path("id");
    }

    @Test
    @Order(2)
    void theVaultHasItsDefaultPolicy() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(200)
                .body("items.name", contains("DefaultPolicy"))
                .body("items[0].schedule.frequency", equalTo("Daily"))
                .body("items[0].retention.daily.count", equalTo(30))
                .body("items[0].instantRestoreRetentionDays", equalTo(2)));
        defaultPolicyId = given().get("/api/v1/vaults/{v}/policies", vaultId).then().extract().path("items[0].id");
    }

    @Test
    @Order(3)
    void registerThreeVmsOneInAnotherRegion() {
        hotel = registerVm("hotel-" + SUFFIX, "westeurope");
        stadium = registerVm("stadium-" + SUFFIX, "westeurope");
        restaurant = registerVm("restaurant-" + SUFFIX, "northeurope");

        given().queryParam("protectable", true).queryParam("resourceGroup", "sports-rg")
                .get("/api/v1/virtual-machines")
                .then().body("items.id", hasItem(restaurant)).body("items.id", hasItem(hotel));
    }

    @Test
    @Order(4)
    void protectTheThreeWithTheDefaultPolicyInOneCall() {
        JsonPath results = given().contentType(ContentType.JSON)
                .body("{\"policyId\": \"" + defaultPolicyId + "\", \"vmIds\": [\"" + hotel + "\", \"" + stadium
                        + "\", \"" + restaurant + "\"]}")
                .post("/api/v1/vaults/{v}/protected-items", vaultId)
                .then().statusCode(200)
                .body("results.status", contains(201, 201, 400))
                .body("results[0].protectedItem.protectionState", equalTo("IRPending"))
                .body("results[1].protectedItem.protectionState", equalTo("IRPending"))
                .body("results[2].error.detail", containsString("a vault protects only VMs of its own region"))
                .extract().jsonPath();
        hotelItem = results.getString("results[0].protectedItem.id");
    }

    @Test
    @Order(5)
    void eachProtectedVmHasACompletedConfigureBackupJob() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("vaultId", vaultId).queryParam("operation", "ConfigureBackup")
                .get("/api/v1/jobs")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items.status", contains("Completed", "Completed")));
    }

    @Test
    @Order(6)
    void stoppingWithDeleteDataRefusesAWrongName() {
        given().contentType(ContentType.JSON)
                .body("{\"deleteBackupData\": true, \"confirmName\": \"myVM\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vaultId, hotelItem)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("confirmName"));
    }

    @Test
    @Order(7)
    void stoppingWithDeleteDataAndTheRightNameSoftDeletesForFourteenDays() {
        given().contentType(ContentType.JSON)
                .body("{\"deleteBackupData\": true, \"confirmName\": \"hotel-" + SUFFIX + "\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vaultId, hotelItem)
                .then().statusCode(202)
                .header("Location", containsString("/api/v1/jobs/"));

        JsonPath item = given().get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, hotelItem)
                .then().statusCode(200)
                .body("protectionState", equalTo("SoftDeleted"))
                .extract().jsonPath();
        assertThat(Duration.between(java.time.Instant.parse(item.getString("softDelete.deletedAt")),
                java.time.Instant.parse(item.getString("softDelete.purgeAt")))).isEqualTo(Duration.ofDays(14));
    }

    @Test
    @Order(8)
    void theVaultCannotBeDeletedWhileItHoldsItems() {
        given().delete("/api/v1/vaults/{v}", vaultId)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("1 soft-deleted item(s)"));
    }

    @Test
    @Order(9)
    void undeleteBringsTheItemBackStopped() {
        given().post("/api/v1/vaults/{v}/protected-items/{i}/undelete", vaultId, hotelItem)
                .then().statusCode(202);

        given().get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, hotelItem)
                .then().body("protectionState", equalTo("ProtectionStopped"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .queryParam("protectedItemId", hotelItem).get("/api/v1/jobs")
                .then().body("items.operation", hasItem("Undelete"))
                .body("items.operation", hasItem("DeleteBackupData")));
    }

    @Test
    @Order(10)
    void resumeProtectsItAgain() {
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/resume", vaultId, hotelItem)
                .then().statusCode(200)
                .body("protectionState", equalTo("Protected"));
    }

    @Test
    @Order(11)
    void anUnknownPolicyFailsTheWholeBatch() {
        given().contentType(ContentType.JSON)
                .body("{\"policyId\": \"no-such-policy\", \"vmIds\": [\"" + restaurant + "\"]}")
                .post("/api/v1/vaults/{v}/protected-items", vaultId)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no policy 'no-such-policy'"));
    }

    @Test
    @Order(12)
    void aVmCreatedEventWithBackupEnabledIsProtectedAndAMalformedOneIsDeadLettered() {
        String malformedKey = "broken-" + SUFFIX;
        TopicReader.send(Topics.VM_EVENTS, malformedKey, "{\"type\": \"VmCreated\", \"vm\": {\"id\": 7");
        String vmId = "vm-evt-" + SUFFIX;
        TopicReader.send(Topics.VM_EVENTS, vmId, """
                {"eventId": "%s", "type": "VmCreated", "occurredAt": "2026-11-22T10:30:00Z", "schemaVersion": 1,
                 "vm": {"id": "%s", "name": "spa-%s", "resourceGroup": "sports-rg", "region": "westeurope",
                        "osType": "Linux", "powerState": "Running",
                        "disks": [{"name": "osdisk", "lun": -1, "source": "file:///var/lib/vms/spa.img"}]},
                 "backup": {"enabled": true, "vaultName": "spa-vault-%s", "vaultResourceGroup": "backup-rg",
                            "policyName": "DefaultPolicy", "createVaultIfMissing": true}}"""
                .formatted(UUID.randomUUID(), vmId, SUFFIX, SUFFIX));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/virtual-machines/{id}", vmId)
                .then().statusCode(200)
                .body("protection.protectionState", equalTo("IRPending")));
        given().queryParam("name", "spa-vault-" + SUFFIX).get("/api/v1/vaults")
                .then().body("items", hasSize(1)).body("items[0].region", equalTo("westeurope"));
        List<?> dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> malformedKey.equals(r.key()),
                Duration.ofSeconds(15));
        assertThat(dead).hasSize(1);
    }
}
