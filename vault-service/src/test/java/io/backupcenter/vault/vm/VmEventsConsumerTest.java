package io.backupcenter.vault.vm;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.protection.ProtectionConfigurationFailed;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.backupcenter.vault.Api.createVault;
import static io.backupcenter.vault.Api.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class VmEventsConsumerTest {

    private static String vmCreated(String eventId, String vmId, String vmName, String region, String backupJson) {
        return """
                {"eventId": "%s", "type": "VmCreated", "occurredAt": "2026-11-22T10:30:00Z", "schemaVersion": 1,
                 "vm": {"id": "%s", "name": "%s", "resourceGroup": "hotel-rg", "region": "%s",
                        "osType": "Linux", "powerState": "Running",
                        "disks": [{"name": "osdisk", "lun": -1, "source": "file:///var/lib/vms/%s-os.img"}]}%s}"""
                .formatted(eventId, vmId, vmName, region, vmName, backupJson == null ? "" : ", \"backup\": " + backupJson);
    }

    private static JsonPath awaitVm(String vmId) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> given().get("/api/v1/virtual-machines/{id}", vmId).then().extract().jsonPath(),
                json -> json.get("id") != null);
    }

    @Test
    void aVmCreatedWithBackupEnabledGetsItsVaultAndAnIRPendingItem() {
        String vmId = "vm-" + UUID.randomUUID();
        String vaultName = unique("hotel-vault");
        String malformedKey = "malformed-" + UUID.randomUUID();
        TopicReader.send(Topics.VM_EVENTS, malformedKey, "{\"type\": \"VmCreated\", \"vm\": ");

        TopicReader.send(Topics.VM_EVENTS, vmId, vmCreated(UUID.randomUUID().toString(), vmId, unique("myVM"),
                "westeurope", """
                        {"enabled": true, "vaultName": "%s", "vaultResourceGroup": "backup-rg",
                         "policyName": "DefaultPolicy", "createVaultIfMissing": true}""".formatted(vaultName)));

        JsonPath vm = awaitVm(vmId);
        assertThat(vm.getString("protection.protectionState")).isEqualTo("IRPending");
        given().get("/api/v1/vaults/{id}", vm.getString("protection.vaultId")).then()
                .body("name", equalTo(vaultName))
                .body("resourceGroup", equalTo("backup-rg"))
                .body("region", equalTo("westeurope"));
        var dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> malformedKey.equals(r.key()),
                Duration.ofSeconds(15));
        assertThat(reason(dead.get(0).headers().lastHeader("dead-letter-reason"))).startsWith("not valid JSON");
    }

    @Test
    void theSameEventTwiceIsProcessedOnce() {
        String vault = createVault("westeurope");
        String vaultName = given().get("/api/v1/vaults/{id}", vault).then().extract().path("name");
        String vmId = "vm-" + UUID.randomUUID();
        String event = vmCreated(UUID.randomUUID().toString(), vmId, unique("myVM"), "westeurope",
                "{\"enabled\": true, \"vaultName\": \"" + vaultName + "\", \"vaultResourceGroup\": \"backup-rg\"}");

        TopicReader.send(Topics.VM_EVENTS, vmId, event);
        TopicReader.send(Topics.VM_EVENTS, vmId, event);
        String marker = "vm-" + UUID.randomUUID();
        TopicReader.send(Topics.VM_EVENTS, vmId, vmCreated(UUID.randomUUID().toString(), marker, unique("marker"),
                "westeurope", null));
        awaitVm(marker);

        given().get("/api/v1/vaults/{v}/protected-items", vault).then().body("items", hasSize(1));
        assertThat(TopicReader.all(Topics.deadLetter(Topics.VM_EVENTS),
                r -> vmId.equals(r.key()))).isEmpty();
    }

    @Test
    void aRuleBreakingEventIsDeadLetteredAndItsVmShowsAFailedConfigureBackup() {
        String vault = createVault("westeurope");
        String vaultName = given().get("/api/v1/vaults/{id}", vault).then().extract().path("name");
        String vmId = "vm-" + UUID.randomUUID();
        String vmName = unique("stadiumVM");

        TopicReader.send(Topics.VM_EVENTS, vmId, vmCreated(UUID.randomUUID().toString(), vmId, vmName, "northeurope",
                "{\"enabled\": true, \"vaultName\": \"" + vaultName + "\", \"vaultResourceGroup\": \"backup-rg\"}"));

        var dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> vmId.equals(r.key()),
                Duration.ofSeconds(20));
        assertThat(reason(dead.get(0).headers().lastHeader("dead-letter-reason")))
                .contains("a vault protects only VMs of its own region");
        var failed = TopicReader.await(Topics.PROTECTION_EVENTS, r -> vmId.equals(r.key()), Duration.ofSeconds(15));
        ProtectionEvent event = EventJson.read(failed.get(0).value(), ProtectionEvent.class);
        assertThat(event).isInstanceOfSatisfying(ProtectionConfigurationFailed.class, f -> {
            assertThat(f.vmName()).isEqualTo(vmName);
            assertThat(f.errorMessage()).contains("own region");
            assertThat(f.jobId()).isNotBlank();
        });
        JsonPath vm = awaitVm(vmId);
        assertThat(vm.getString("protection")).isNull();
    }

    @Test
    void aMissingVaultWithoutPermissionToCreateItIsRejected() {
        String vmId = "vm-" + UUID.randomUUID();

        TopicReader.send(Topics.VM_EVENTS, vmId, vmCreated(UUID.randomUUID().toString(), vmId, unique("vm"),
                "westeurope", "{\"enabled\": true, \"vaultName\": \"nowhere\", \"vaultResourceGroup\": \"backup-rg\"}"));

        var dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> vmId.equals(r.key()),
                Duration.ofSeconds(20));
        assertThat(reason(dead.get(0).headers().lastHeader("dead-letter-reason")))
                .isEqualTo("vault 'nowhere' does not exist in resource group 'backup-rg' and createVaultIfMissing is not true");
    }

    @Test
    void anInvalidVmIsRejectedNamingItsFields() {
        String vmId = "vm-" + UUID.randomUUID();

        TopicReader.send(Topics.VM_EVENTS, vmId, vmCreated(UUID.randomUUID().toString(), vmId, "bad name!",
                "westeurope", null));

        var dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> vmId.equals(r.key()),
                Duration.ofSeconds(20));
        assertThat(reason(dead.get(0).headers().lastHeader("dead-letter-reason"))).startsWith("invalid VM: vm.name");
    }

    @Test
    void aVmIdThatCannotBeAPathSegmentIsRejected() {
        String key = "vm-" + UUID.randomUUID();
        String vmId = "/subscriptions/1/vms/" + key;

        TopicReader.send(Topics.VM_EVENTS, key, vmCreated(UUID.randomUUID().toString(), vmId, unique("vm"),
                "westeurope", null));

        var dead = TopicReader.await(Topics.deadLetter(Topics.VM_EVENTS), r -> key.equals(r.key()),
                Duration.ofSeconds(20));
        assertThat(reason(dead.get(0).headers().lastHeader("dead-letter-reason"))).startsWith("invalid VM: vm.id");
    }

    @Test
    void aDeletedVmStopsItsProtectionAndKeepsTheItem() {
        String vmId = "vm-" + UUID.randomUUID();
        TopicReader.send(Topics.VM_EVENTS, vmId, vmCreated(UUID.randomUUID().toString(), vmId, unique("vm"),
                "westeurope", "{\"enabled\": true, \"vaultResourceGroup\": \"" + unique("rg")
                        + "\", \"createVaultIfMissing\": true}"));
        JsonPath vm = awaitVm(vmId);
        String vault = vm.getString("protection.vaultId");
        String item = vm.getString("protection.protectedItemId");

        TopicReader.send(Topics.VM_EVENTS, vmId, """
                {"eventId": "%s", "type": "VmDeleted", "occurredAt": "2026-11-23T10:30:00Z", "schemaVersion": 1,
                 "vm": {"id": "%s"}}""".formatted(UUID.randomUUID(), vmId));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/virtual-machines/{id}", vmId).then().statusCode(404));
        given().get("/api/v1/vaults/{v}/protected-items/{i}", vault, item).then()
                .body("protectionState", equalTo("ProtectionStopped"))
                .body("softDelete", nullValue());
    }

    private static String reason(Header header) {
        assertThat(header).as("dead-letter-reason header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
