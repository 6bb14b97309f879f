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
 * the DefaultPolicy is never retired. (A policy retired only while no item uses it, end to end through the gateway
 * and both services, with the races: system-tests' InvariantRaceTest.)
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
    void theDefaultPolicyIsNeverRetiredAndOnlyAContributorMayRetireAPolicy() {
        String vault = Api.createVault("westeurope");
        Api.protect(vault, Api.createVm("westeurope"));
        String contributor = TestTokens.token("carol", "Contributor");

        given().auth().oauth2(contributor)
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault,
                        io.backupcenter.contracts.Ids.defaultPolicyId(vault))
                .then().statusCode(409).body("detail", containsString("DefaultPolicy"));
        given().auth().oauth2(TestTokens.token("rita", "Reader"))
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault, "policy-" + UUID.randomUUID())
                .then().statusCode(403);
        // policy-service, which must confirm that the policy is the vault's, is not part of these tests.
        given().auth().oauth2(contributor)
                .post("/internal/v1/vaults/{v}/policies/{p}/retirement", vault, "policy-" + UUID.randomUUID())
                .then().statusCode(503).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.service("policy-service")).get("/internal/v1/retired-policies")
                .then().statusCode(200);
    }
}
