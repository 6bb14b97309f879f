package io.backupcenter.systemtests;

import io.backupcenter.kit.security.Roles;
import io.backupcenter.kit.testing.TestTokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

/** The platform through the gateway: every service up, routing, and a flow that crosses services over Kafka. */
@ExtendWith(BackupCenter.class)
class PlatformTest {

    @Test
    void theGatewayReportsEveryServiceUp() {
        given().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'backends' }.data", hasKey("vault-service"))
                .body("checks.find { it.name == 'backends' }.data", hasKey("policy-service"))
                .body("checks.find { it.name == 'backends' }.data", hasKey("job-service"));
    }

    @Test
    void aVaultCreatedThroughTheGatewayGetsItsDefaultPolicyFromThePolicyService() {
        String vaultId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "hotel-vault-%s", "resourceGroup": "backup-rg", "region": "westeurope"}"""
                        .formatted(UUID.randomUUID().toString().substring(0, 8)))
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .header("Location", startsWith("/api/v1/vaults/"))
                .extract().path("id");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{vaultId}/policies", vaultId)
                .then().statusCode(200)
                .body("items.name", hasItem("DefaultPolicy")));
    }

    @Test
    void aBackendsProblemReachesTheClientUnchanged() {
        given().get("/api/v1/vaults/{vaultId}", "no-such-vault")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Vault 'no-such-vault' does not exist."));
    }

    @Test
    void theOpenApiDocumentDescribesThePublicApi() {
        given().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/vaults"))
                .body("paths", hasKey("/api/v1/vaults/{vaultId}/policies"));
    }

    @Test
    void everyServiceExposesPrometheusMetrics() {
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void throughTheGatewayEachRoleDoesWhatItMayAndAScopedPrincipalSeesOnlyItsResourceGroups() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String mine = "mine-" + suffix + "-rg";
        String vaultJson = "{\"name\": \"v-" + suffix + "\", \"resourceGroup\": \"" + mine
                + "\", \"region\": \"westeurope\"}";
        String myVault = Api.createVault("mine-" + suffix, mine, "westeurope");
        String otherVault = Api.createVault("other-" + suffix, "other-" + suffix + "-rg", "westeurope");
        String scopedReader = TestTokens.token("rita", Roles.READER, mine);

        given().auth().none().get("/api/v1/vaults").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forged()).get("/api/v1/jobs").then().statusCode(401);
        given().auth().oauth2(scopedReader).contentType(ContentType.JSON).body(vaultJson)
                .post("/api/v1/vaults").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(scopedReader).get("/api/v1/vaults").then().statusCode(200)
                .body("items.id", contains(myVault));
        given().auth().oauth2(scopedReader).get("/api/v1/vaults/{v}", otherVault).then().statusCode(404);
        given().auth().oauth2(scopedReader).get("/api/v1/vaults/{v}/policies", otherVault).then().statusCode(404);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(scopedReader)
                .get("/api/v1/vaults/{v}/policies", myVault).then().statusCode(200)
                .body("items.name", hasItem("DefaultPolicy")));
    }

    @Test
    void aTokenMintedByTheLauncherIsAcceptedWithItsRoleAndScope() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String mine = "minted-" + suffix + "-rg";
        String vault = Api.createVault("minted-" + suffix, mine, "westeurope");
        Api.createVault("other-" + suffix, "other-" + suffix + "-rg", "westeurope");

        String token = BackupCenter.launcher("token", "--role", "Reader", "--scope", mine, "--name", "rita");

        given().auth().oauth2(token).get("/api/v1/vaults").then().statusCode(200)
                .body("items.id", contains(vault));
        given().auth().oauth2(token).delete("/api/v1/vaults/{v}", vault).then().statusCode(403);
    }
}
