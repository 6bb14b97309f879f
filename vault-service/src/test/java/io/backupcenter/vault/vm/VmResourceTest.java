package io.backupcenter.vault.vm;

import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.backupcenter.vault.Api.createVault;
import static io.backupcenter.vault.Api.createVm;
import static io.backupcenter.vault.Api.protect;
import static io.backupcenter.vault.Api.registerVm;
import static io.backupcenter.vault.Api.unique;
import static io.backupcenter.vault.Api.vmJson;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class VmResourceTest {

    @Test
    void aVmIsRegisteredWithItsDisks() {
        String name = unique("hotel");

        String id = registerVm(vmJson(name, "WestEurope", null))
                .statusCode(201)
                .header("Location", startsWith("/api/v1/virtual-machines/"))
                .body("name", equalTo(name))
                .body("region", equalTo("westeurope"))
                .body("powerState", equalTo("Running"))
                .body("disks[0].lun", equalTo(-1))
                .body("protection", nullValue())
                .extract().path("id");

        given().get("/api/v1/virtual-machines/{id}", id).then().statusCode(200).body("name", equalTo(name));
    }

    @Test
    void aDiskOutsideTheDiskRootsIsRefusedNamingTheRoots() {
        registerVm("""
                {"name": "%s", "resourceGroup": "rg", "region": "westeurope", "osType": "Linux",
                 "disks": [{"name": "os", "lun": -1, "source": "file:///srv/disks/x.img"}]}"""
                .formatted(unique("outside")))
                .statusCode(400)
                .body("errors.field", contains("disks[0].source"))
                .body("detail", containsString("/var/lib/vms (backup-center.disks.allowed-roots)"));
    }

    @Test
    void aDiskBelongsToOneVm() {
        String disk = "file:///var/lib/vms/" + unique("shared") + ".img";
        String body = """
                {"name": "%s", "resourceGroup": "rg", "region": "westeurope", "osType": "Linux",
                 "disks": [{"name": "os", "lun": -1, "source": "%s"}]}""";
        String first = registerVm(body.formatted(unique("first"), disk)).statusCode(201).extract().path("id");
        registerVm(body.formatted(unique("second"), disk.replace("/vms/", "/vms/./")))
                .statusCode(409)
                .body("detail", containsString("already a disk of another VM"));
        // Once the first VM is gone from the inventory, its disk may be registered again — on its resolved path.
        given().delete("/api/v1/virtual-machines/{id}", first).then().statusCode(204);
        registerVm(body.formatted(unique("third"), disk.replace("/vms/", "/vms/./")))
                .statusCode(201)
                .body("disks[0].source", equalTo(disk));
    }

    @Test
    void everyBrokenRuleOfAVmIsNamed() {
        registerVm("""
                {"name": "-bad", "resourceGroup": "rg.", "region": "west europe", "osType": "Linux",
                 "disks": [{"name": "os", "lun": -1, "source": "/var/lib/os.img"},
                           {"name": "OS", "lun": -1, "source": "file:///var/lib/data.img"},
                           {"name": "data", "lun": 64, "source": "file:///var/lib/d.img"}]}""")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "resourceGroup", "region", "disks[0].source",
                        "disks[1].name", "disks[1].lun", "disks[2].lun"));
    }

    @Test
    void aVmNeedsADisk() {
        registerVm("""
                {"name": "nodisk", "resourceGroup": "rg", "region": "westeurope", "osType": "Linux", "disks": []}""")
                .statusCode(400)
                .body("errors.field", contains("disks"));
    }

    @Test
    void anUnknownOsTypeIsABadRequest() {
        registerVm(vmJson(unique("vm"), "westeurope", null).replace("\"Linux\"", "\"BeOS\""))
                .statusCode(400)
                .body("errors.field", contains("osType"))
                .body("detail", containsString("Linux, Windows"));
    }

    @Test
    void aTakenNameInTheResourceGroupIsAConflict() {
        String name = unique("vm");
        registerVm(vmJson(name, "westeurope", null)).statusCode(201);

        registerVm(vmJson(name.toUpperCase(), "westeurope", null))
                .statusCode(409)
                .body("detail", containsString("already exists in resource group 'hotel-rg'"));
    }

    @Test
    void backupEnabledAtCreationProtectsTheVmAtOnce() {
        String vault = createVault("westeurope");

        registerVm(vmJson(unique("vm"), "westeurope",
                "\"backup\": {\"enabled\": true, \"vaultId\": \"" + vault + "\", \"policyName\": \"DefaultPolicy\"}"))
                .statusCode(201)
                .body("protection.vaultId", equalTo(vault))
                .body("protection.protectionState", equalTo("IRPending"))
                .body("protection.policyId", equalTo(Ids.defaultPolicyId(vault)))
                .body("protection.configureBackupJobId", notNullValue());
    }

    @Test
    void backupEnabledWithANewVaultCreatesItInTheVmsRegionWithASuggestedName() {
        String resourceGroup = unique("rg");

        String vaultId = registerVm(vmJson(unique("vm"), "northeurope",
                "\"backup\": {\"enabled\": true, \"newVault\": {\"resourceGroup\": \"" + resourceGroup + "\"}}"))
                .statusCode(201)
                .body("protection.protectionState", equalTo("IRPending"))
                .extract().path("protection.vaultId");

        given().get("/api/v1/vaults/{id}", vaultId).then()
                .body("name", equalTo("vault-northeurope"))
                .body("region", equalTo("northeurope"))
                .body("resourceGroup", equalTo(resourceGroup))
                .body("protectedItemCount", equalTo(1));
        registerVm(vmJson(unique("vm"), "northeurope",
                "\"backup\": {\"enabled\": true, \"newVault\": {\"resourceGroup\": \"" + resourceGroup + "\"}}"))
                .statusCode(201);
        given().queryParam("resourceGroup", resourceGroup).get("/api/v1/vaults")
                .then().body("items.name", contains("vault-northeurope", "vault-northeurope-2"));
        TopicReader.await(Topics.VAULT_EVENTS, r -> vaultId.equals(r.key()), Duration.ofSeconds(15));
    }

    @Test
    void aVmWhoseBackupCannotBeEnabledIsNotRegistered() {
        String vault = createVault("westeurope");
        String name = unique("vm");

        registerVm(vmJson(name, "northeurope",
                "\"backup\": {\"enabled\": true, \"vaultId\": \"" + vault + "\"}"))
                .statusCode(400)
                .body("detail", containsString("a vault protects only VMs of its own region"));

        given().queryParam("resourceGroup", "hotel-rg").get("/api/v1/virtual-machines")
                .then().body("items.name", not(hasItem(name)));
    }

    @Test
    void theBackupBlockNamesOneVault() {
        registerVm(vmJson(unique("vm"), "westeurope", "\"backup\": {\"enabled\": true}"))
                .statusCode(400)
                .body("errors.field", contains("backup.vaultId"));
        registerVm(vmJson(unique("vm"), "westeurope", "\"backup\": {\"enabled\": true, \"vaultId\": \"no-such-vault\"}"))
                .statusCode(404);
        registerVm(vmJson(unique("vm"), "westeurope",
                "\"backup\": {\"enabled\": true, \"newVault\": {\"resourceGroup\": \"rg\"}, \"policyName\": \"Hourly\"}"))
                .statusCode(400)
                .body("errors.field", contains("backup.policyName"));
    }

    @Test
    void protectableListsOnlyVmsNoVaultHolds() {
        String vault = createVault("westeurope");
        String free = createVm("westeurope");
        String taken = createVm("westeurope");
        protect(vault, taken);

        given().queryParam("protectable", "true").get("/api/v1/virtual-machines")
                .then().statusCode(200)
                .body("items.id", hasItem(free))
                .body("items.id", not(hasItem(taken)));
        given().get("/api/v1/virtual-machines/{id}", taken)
                .then().body("protection.protectionState", equalTo("IRPending"));
        given().queryParam("protectable", "maybe").get("/api/v1/virtual-machines")
                .then().statusCode(400).body("errors.field", contains("protectable"));
    }

    @Test
    void aProtectedVmCannotBeRemovedButAnUnprotectedOneCan() {
        String vault = createVault("westeurope");
        String protectedVm = createVm("westeurope");
        protect(vault, protectedVm);
        String free = createVm("westeurope");

        given().delete("/api/v1/virtual-machines/{id}", protectedVm).then().statusCode(409)
                .body("detail", containsString("stop its protection"));
        given().delete("/api/v1/virtual-machines/{id}", free).then().statusCode(204);
        given().get("/api/v1/virtual-machines/{id}", free).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void regionFilterNarrowsTheList() {
        String id = createVm("southindia");

        given().queryParam("region", "southindia").get("/api/v1/virtual-machines")
                .then().body("items.id", hasItem(id)).body("items.region", not(hasItem("westeurope")));
    }
}
