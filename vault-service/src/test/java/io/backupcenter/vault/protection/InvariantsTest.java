package io.backupcenter.vault.protection;

import io.backupcenter.kit.testing.TestTokens;
import io.backupcenter.vault.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The invariants vault-service holds for the whole system, under races of ordinary requests against its real
 * database: a vault being deleted while a VM is protected in it ends with one of the two, never both (nor neither);
 * a policy is retired (before policy-service deletes it) only while no item uses it. (End to end, through the gateway
 * and both services, with the races of policies: system-tests' InvariantRaceTest.)
 */
@QuarkusTest
class InvariantsTest {

    private static final int ROUNDS = 20;

    @Test
    void aVaultDeletedWhileAVmIsProtectedInItEndsWithExactlyOneOfTheTwo() {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            String vault = Api.createVault("westeurope");
            String vm = Api.createVm("westeurope");
            CompletableFuture<Response> protect = CompletableFuture.supplyAsync(() -> given()
                    .contentType(ContentType.JSON).body("{\"vmIds\": [\"" + vm + "\"]}")
                    .post("/api/v1/vaults/{v}/protected-items", vault));
            int deleted = given().delete("/api/v1/vaults/{v}", vault).statusCode();
            Response protection = protect.join();
            int protectedStatus = protection.statusCode() == 200 ? protection.path("results[0].status")
                    : protection.statusCode();
            if ((deleted == 204) == (protectedStatus == 201)) {
                violations.add("vault delete " + deleted + ", protection " + protectedStatus);
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void aPolicyIsRetiredOnlyWhileNoItemUsesItAndOnlyForAContributor() throws Exception {
        String vault = Api.createVault("westeurope");
        String used = "policy-" + UUID.randomUUID();
        String retired = "policy-" + UUID.randomUUID();
        String contributor = TestTokens.token("carol", "Contributor");
        String item = Api.protect(vault, Api.createVm("westeurope"));
        // policy-service is not part of these tests: the item is put on another policy behind the API's back.
        try (var db = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/backup_vault_test",
                "backup", "backup"); var update = db.prepareStatement(
                        "update protected_item set policy_id = ? where id = ?")) {
            update.setString(1, used);
            update.setString(2, item);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        given().auth().oauth2(contributor)
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault, used)
                .then().statusCode(409).body("detail", containsString("used by 1 protected item(s)"));
        given().auth().oauth2(contributor)
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault,
                        io.backupcenter.contracts.Ids.defaultPolicyId(vault))
                .then().statusCode(409).body("detail", containsString("DefaultPolicy"));
        given().auth().oauth2(contributor)
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault, retired)
                .then().statusCode(204);
        given().auth().oauth2(TestTokens.token("rita", "Reader"))
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault, retired)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.service("policy-service")).get("/internal/v1/retired-policies")
                .then().statusCode(200).body("items.policyId", org.hamcrest.Matchers.hasItem(retired));
    }
}
