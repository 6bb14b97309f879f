package io.backupcenter.vault;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Requests the vault-service tests make again and again. */
public final class Api {

    private Api() {
    }

    /** A name no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Creates a vault and returns its id. */
    public static String createVault(String region) {
        return createVault(unique("vault"), "backup-rg", region, null);
    }

    /** Creates a vault with soft delete set by {@code softDeleteJson} (or the default) and returns its id. */
    public static String createVault(String name, String resourceGroup, String region, String softDeleteJson) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "%s", "region": "%s"%s}"""
                        .formatted(name, resourceGroup, region,
                                softDeleteJson == null ? "" : ", \"softDelete\": " + softDeleteJson))
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The JSON of a VM with one OS disk. */
    public static String vmJson(String name, String region, String extra) {
        return """
                {"name": "%s", "resourceGroup": "hotel-rg", "region": "%s", "osType": "Linux",
                 "powerState": "Running",
                 "disks": [{"name": "osdisk", "lun": -1, "source": "file:///var/lib/vms/%s-os.img"}]%s}"""
                .formatted(name, region, name, extra == null ? "" : ", " + extra);
    }

    /** Registers a VM; returns the answer for more checks. */
    public static ValidatableResponse registerVm(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/v1/virtual-machines").then();
    }

    /** Registers a VM in {@code region} and returns its id. */
    public static String createVm(String region) {
        return registerVm(vmJson(unique("vm"), region, null)).statusCode(201).extract().path("id");
    }

    /** Protects one VM with the vault's DefaultPolicy and returns the item id. */
    public static String protect(String vaultId, String vmId) {
        return given().contentType(ContentType.JSON)
                .body("{\"vmIds\": [\"" + vmId + "\"]}")
                .post("/api/v1/vaults/{vaultId}/protected-items", vaultId)
                .then().statusCode(200)
                .extract().path("results[0].protectedItem.id");
    }

    /** The item's answer. */
    public static ValidatableResponse item(String vaultId, String itemId) {
        return given().get("/api/v1/vaults/{vaultId}/protected-items/{itemId}", vaultId, itemId).then();
    }
}
