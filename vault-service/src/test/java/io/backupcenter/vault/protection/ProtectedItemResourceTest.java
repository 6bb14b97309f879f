package io.backupcenter.vault.protection;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.vault.Api;
import io.backupcenter.vault.TestClockProducer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.backupcenter.vault.Api.createVault;
import static io.backupcenter.vault.Api.createVm;
import static io.backupcenter.vault.Api.item;
import static io.backupcenter.vault.Api.protect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ProtectedItemResourceTest {

    @AfterEach
    void resetClock() {
        TestClockProducer.CLOCK.reset();
    }

    private static String stop(String vaultId, String itemId, String body, int status) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vaultId, itemId)
                .then().statusCode(status)
                .extract().path(status == 202 ? "jobId" : "detail");
    }

    @Test
    void aBatchProtectsTheValidVmsAndExplainsEachOfTheOthers() {
        String vault = createVault("westeurope");
        String otherVault = createVault("westeurope");
        String hotel = createVm("westeurope");
        String stadium = createVm("westeurope");
        String abroad = createVm("northeurope");
        String elsewhere = createVm("westeurope");
        protect(otherVault, elsewhere);

        given().contentType(ContentType.JSON)
                .body("""
                        {"policyId": "%s", "vmIds": ["%s", "%s", "%s", "no-such-vm", "%s", "%s"]}"""
                        .formatted(Ids.defaultPolicyId(vault), hotel, stadium, abroad, elsewhere, hotel))
                .post("/api/v1/vaults/{vaultId}/protected-items", vault)
                .then().statusCode(200)
                .body("results.vmId", contains(hotel, stadium, abroad, "no-such-vm", elsewhere, hotel))
                .body("results.status", contains(201, 201, 400, 404, 409, 400))
                .body("results[0].protectedItem.protectionState", equalTo("IRPending"))
                .body("results[0].protectedItem.policyId", equalTo(Ids.defaultPolicyId(vault)))
                .body("results[0].jobId", notNullValue())
                .body("results[2].error.detail", containsString("a vault protects only VMs of its own region"))
                .body("results[3].error.detail", equalTo("VM 'no-such-vm' does not exist."))
                .body("results[4].error.detail", containsString("a VM can be protected by one vault only"))
                .body("results[5].error.detail", containsString("listed more than once"));
    }

    @Test
    void protectingAnnouncesTheItemWithItsConfigureBackupJob() {
        String vault = createVault("westeurope");
        String vm = createVm("westeurope");

        String itemId = protect(vault, vm);

        var records = TopicReader.await(Topics.PROTECTION_EVENTS, r -> itemId.equals(r.key()), Duration.ofSeconds(15));
        ProtectionEvent event = EventJson.read(records.get(0).value(), ProtectionEvent.class);
        assertThat(event).isInstanceOfSatisfying(ProtectionConfigured.class, configured -> {
            assertThat(configured.vaultId()).isEqualTo(vault);
            assertThat(configured.vm().id()).isEqualTo(vm);
            assertThat(configured.vm().disks()).hasSize(1);
            assertThat(configured.jobId()).isNotBlank();
        });
    }

    @Test
    void aSoftDeletedItemBlocksProtectionElsewhere() {
        String vault = createVault("westeurope");
        String vm = createVm("westeurope");
        String itemId = protect(vault, vm);
        String name = item(vault, itemId).extract().path("vmName");
        stop(vault, itemId, "{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}", 202);

        given().contentType(ContentType.JSON)
                .body("{\"vmIds\": [\"" + vm + "\"]}")
                .post("/api/v1/vaults/{vaultId}/protected-items", createVault("westeurope"))
                .then().statusCode(200)
                .body("results[0].status", equalTo(409))
                .body("results[0].error.detail", containsString("soft-deleted backup data"));
    }

    @Test
    void protectingInAnUnknownVaultIsNotFound() {
        given().contentType(ContentType.JSON)
                .body("{\"vmIds\": [\"x\"]}")
                .post("/api/v1/vaults/{vaultId}/protected-items", "no-such-vault")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void anEmptyBatchIsABadRequest() {
        given().contentType(ContentType.JSON)
                .body("{\"vmIds\": []}")
                .post("/api/v1/vaults/{vaultId}/protected-items", createVault("westeurope"))
                .then().statusCode(400)
                .body("errors.field", contains("vmIds"));
    }

    @Test
    void itemsAreListedByState() {
        String vault = createVault("westeurope");
        String kept = protect(vault, createVm("westeurope"));
        String stopped = protect(vault, createVm("westeurope"));
        stop(vault, stopped, "{\"deleteBackupData\": false}", 202);

        given().queryParam("protectionState", "ProtectionStopped")
                .get("/api/v1/vaults/{vaultId}/protected-items", vault)
                .then().statusCode(200)
                .body("items.id", contains(stopped));
        given().get("/api/v1/vaults/{vaultId}/protected-items", vault)
                .then().body("items.id", hasItem(kept));
    }

    @Test
    void anUnknownStateFilterIsABadRequest() {
        given().queryParam("protectionState", "Sleeping")
                .get("/api/v1/vaults/{vaultId}/protected-items", createVault("westeurope"))
                .then().statusCode(400)
                .body("errors.field", contains("protectionState"))
                .body("detail", containsString("IRPending, Protected, ProtectionError, ProtectionStopped, SoftDeleted"));
    }

    @Test
    void backUpNowAnswersTheJobAndRequestsTheBackup() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));

        String jobId = given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(202)
                .header("Location", startsWith("/api/v1/jobs/"))
                .extract().path("jobId");

        var records = TopicReader.await(Topics.BACKUP_REQUESTED,
                r -> itemId.equals(r.key()) && r.value().contains(jobId), Duration.ofSeconds(15));
        BackupRequested request = (BackupRequested) EventJson.read(records.get(0).value(), BackupRequestedEvent.class);
        assertThat(request.trigger()).isEqualTo(Trigger.OnDemand);
        assertThat(request.vm().disks()).hasSize(1);
        assertThat(request.retainUntil()).isCloseTo(Instant.now().plus(30, ChronoUnit.DAYS),
                org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
    }

    @Test
    void backUpNowWhileABackupRunsIsAConflict() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        given().contentType(ContentType.JSON).body("{\"retainUntil\": \"2099-01-31T00:00:00Z\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(202);

        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(409)
                .body("detail", containsString("is already running"));
    }

    @Test
    void retainUntilMustBeInTheFutureAndWithin99Years() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));

        given().contentType(ContentType.JSON).body("{\"retainUntil\": \"2020-01-01T00:00:00Z\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(400)
                .body("errors.field", contains("retainUntil"))
                .body("errors[0].message", equalTo("must be in the future"));
        given().contentType(ContentType.JSON).body("{\"retainUntil\": \"2200-01-01T00:00:00Z\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(400)
                .body("errors[0].message", equalTo("must be at most 99 years ahead"));
        given().contentType(ContentType.JSON).body("{\"retainUntil\": \"next week\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(400)
                .body("errors.field", contains("retainUntil"));
    }

    @Test
    void stopWithRetainKeepsTheItemAndStopsBackups() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));

        stop(vault, itemId, "{\"deleteBackupData\": false}", 202);

        item(vault, itemId).body("protectionState", equalTo("ProtectionStopped"));
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, itemId)
                .then().statusCode(409)
                .body("detail", containsString("resume protection first"));
        assertThat(stop(vault, itemId, "{\"deleteBackupData\": false}", 409)).contains("ProtectionStopped");
    }

    @Test
    void deletingDataNeedsTheVmsNameTyped() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));

        given().contentType(ContentType.JSON).body("{\"deleteBackupData\": true, \"confirmName\": \"myVM\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vault, itemId)
                .then().statusCode(400)
                .body("errors.field", contains("confirmName"))
                .body("errors[0].message", startsWith("must be the VM's name"));
        item(vault, itemId).body("protectionState", equalTo("IRPending"));
    }

    @Test
    void deletedDataIsSoftDeletedForTheVaultsDaysThenUndeletedAndResumed() {
        String vault = createVault(Api.unique("v"), "backup-rg", "westeurope", "{\"enabled\": true, \"retentionDays\": 21}");
        String itemId = protect(vault, createVm("westeurope"));
        String name = item(vault, itemId).extract().path("vmName");

        stop(vault, itemId, "{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}", 202);

        String deletedAt = item(vault, itemId)
                .body("protectionState", equalTo("SoftDeleted"))
                .extract().path("softDelete.deletedAt");
        String purgeAt = item(vault, itemId).extract().path("softDelete.purgeAt");
        assertThat(Duration.between(Instant.parse(deletedAt), Instant.parse(purgeAt))).isEqualTo(Duration.ofDays(21));

        given().post("/api/v1/vaults/{v}/protected-items/{i}/undelete", vault, itemId)
                .then().statusCode(202).header("Location", startsWith("/api/v1/jobs/"));
        item(vault, itemId).body("protectionState", equalTo("ProtectionStopped")).body("softDelete", nullValue());

        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/resume", vault, itemId)
                .then().statusCode(200)
                .body("protectionState", equalTo("Protected"));
    }

    @Test
    void undeleteIsOnlyForSoftDeletedItemsAndResumeOnlyForStoppedOnes() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));

        given().post("/api/v1/vaults/{v}/protected-items/{i}/undelete", vault, itemId)
                .then().statusCode(409).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/resume", vault, itemId)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void withSoftDeleteOffDeletedDataIsGoneAtOnce() {
        String vault = createVault(Api.unique("v"), "backup-rg", "westeurope", "{\"enabled\": false}");
        String itemId = protect(vault, createVm("westeurope"));
        String name = item(vault, itemId).extract().path("vmName");

        stop(vault, itemId, "{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}", 202);

        item(vault, itemId).statusCode(404);
        given().delete("/api/v1/vaults/{v}", vault).then().statusCode(204);
    }

    @Test
    void turningSoftDeleteOffLetsAnUndeletedItemsDataGoAtOnceSoTheVaultCanBeDeleted() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        String name = item(vault, itemId).extract().path("vmName");
        String deleteData = "{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}";
        stop(vault, itemId, deleteData, 202);

        given().contentType(ContentType.JSON).body("{\"softDelete\": {\"enabled\": false}}")
                .patch("/api/v1/vaults/{v}", vault)
                .then().statusCode(200).body("softDelete.enabled", equalTo(false));
        item(vault, itemId).body("protectionState", equalTo("SoftDeleted"));
        assertThat(stop(vault, itemId, deleteData, 409)).contains("SoftDeleted");

        given().post("/api/v1/vaults/{v}/protected-items/{i}/undelete", vault, itemId).then().statusCode(202);
        stop(vault, itemId, deleteData, 202);

        item(vault, itemId).statusCode(404);
        given().delete("/api/v1/vaults/{v}", vault).then().statusCode(204);
    }

    @Test
    void softDeletedItemsArePurgedWhenTheirTimeComesWithEachRecoveryPoint() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        String point = "rp-" + java.util.UUID.randomUUID();
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, itemId, EventJson.write(new SnapshotCompleted(
                java.util.UUID.randomUUID(), Instant.now(), 1, "job-" + point, itemId, vault, SnapshotStatus.Succeeded,
                Trigger.Scheduled, null, null, null, new RecoveryPointInfo(point, Instant.now(),
                RecoveryPointType.CrashConsistent, 10, null, null, java.util.List.of()), null, null, null)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> item(vault, itemId).body("protectionState", equalTo("Protected")));
        String name = item(vault, itemId).extract().path("vmName");
        stop(vault, itemId, "{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}", 202);

        TestClockProducer.CLOCK.advance(Duration.ofDays(15));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> item(vault, itemId).statusCode(404));
        TopicReader.await(Topics.PROTECTION_EVENTS, r -> itemId.equals(r.key()) && r.value().contains("ItemPurged"),
                Duration.ofSeconds(15));
        var expired = TopicReader.await(Topics.RP_EXPIRED, r -> r.value().contains(point), Duration.ofSeconds(15));
        assertThat(((RecoveryPointExpired) EventJson.read(expired.get(0).value(), RpExpiredEvent.class)).reason())
                .isEqualTo(ExpiryReason.SoftDeletePurge);
    }

    @Test
    void aVaultWithItemsCannotBeDeletedAndCountsThem() {
        String vault = createVault("westeurope");
        protect(vault, createVm("westeurope"));
        String soft = protect(vault, createVm("westeurope"));
        String name = item(vault, soft).extract().path("vmName");
        stop(vault, soft, "{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}", 202);

        given().get("/api/v1/vaults/{v}", vault)
                .then().statusCode(200)
                .body("protectedItemCount", equalTo(1))
                .body("softDeletedItemCount", equalTo(1))
                .body("usage.storedBytes", equalTo(0));
        given().delete("/api/v1/vaults/{v}", vault)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("still holds 1 protected item(s) and 1 soft-deleted item(s)"));
    }

    @Test
    void anUnknownItemIsNotFound() {
        item(createVault("westeurope"), "no-such-item")
                .statusCode(404)
                .body("detail", not(containsString("Exception")));
    }
}
