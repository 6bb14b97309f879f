package io.backupcenter.vault;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.kit.security.Roles;
import io.backupcenter.kit.testing.TestTokens;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.backupcenter.vault.Api.createVault;
import static io.backupcenter.vault.Api.createVm;
import static io.backupcenter.vault.Api.protect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Who may do what: a valid token for every request, and the role each kind of request needs. */
@QuarkusTest
class AccessTest {

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.token(role.toLowerCase() + "-user", role));
    }

    @Test
    void aRequestWithoutATokenIsUnauthenticated() {
        given().auth().none()
                .get("/api/v1/vaults")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"));
    }

    @Test
    void aForgedOrExpiredOrMalformedTokenIsUnauthenticated() {
        for (String token : new String[] {TestTokens.forged(), TestTokens.expired(), TestTokens.forAnotherAudience(),
                "not-a-token"}) {
            given().auth().oauth2(token)
                    .get("/api/v1/vaults")
                    .then().statusCode(401)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aReaderReadsButCannotBackUp() {
        String vault = createVault("westeurope");
        String item = protect(vault, createVm("westeurope"));

        as(Roles.READER).get("/api/v1/vaults/{v}/protected-items/{i}", vault, item).then().statusCode(200);
        as(Roles.READER).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, item)
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("Your role does not allow this request"));
    }

    @Test
    void anOperatorBacksUpNowAndTheJobRecordsWhoStartedIt() {
        String vault = createVault("westeurope");
        String item = protect(vault, createVm("westeurope"));

        String job = as(Roles.OPERATOR).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/backup", vault, item)
                .then().statusCode(202)
                .extract().path("jobId");

        var records = TopicReader.await(Topics.BACKUP_REQUESTED, r -> r.value().contains(job), Duration.ofSeconds(15));
        BackupRequested request = (BackupRequested) EventJson.read(records.get(0).value(), BackupRequestedEvent.class);
        assertThat(request.initiatedBy()).isEqualTo("operator-user");
    }

    @Test
    void anOperatorCannotManageVmsOrProtectionButAContributorCan() {
        String vault = createVault("westeurope");
        String item = protect(vault, createVm("westeurope"));
        String vm = Api.vmJson(Api.unique("vm"), "westeurope", null);

        as(Roles.OPERATOR).contentType(ContentType.JSON).body(vm)
                .post("/api/v1/virtual-machines").then().statusCode(403);
        as(Roles.OPERATOR).contentType(ContentType.JSON).body("{\"deleteBackupData\": false}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vault, item).then().statusCode(403);

        as(Roles.CONTRIBUTOR).contentType(ContentType.JSON).body(vm)
                .post("/api/v1/virtual-machines").then().statusCode(201);
        as(Roles.CONTRIBUTOR).contentType(ContentType.JSON).body("{\"deleteBackupData\": false}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vault, item).then().statusCode(202);
    }

    @Test
    void onlyAnOwnerCreatesChangesAndDeletesVaults() {
        String body = "{\"name\": \"" + Api.unique("v") + "\", \"resourceGroup\": \"rg\", \"region\": \"westeurope\"}";
        as(Roles.CONTRIBUTOR).contentType(ContentType.JSON).body(body).post("/api/v1/vaults").then().statusCode(403);
        String vault = as(Roles.OWNER).contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults").then().statusCode(201).extract().path("id");

        as(Roles.CONTRIBUTOR).contentType(ContentType.JSON).body("{\"softDelete\": {\"enabled\": false}}")
                .patch("/api/v1/vaults/{v}", vault).then().statusCode(403);
        as(Roles.CONTRIBUTOR).delete("/api/v1/vaults/{v}", vault).then().statusCode(403);
        as(Roles.OWNER).delete("/api/v1/vaults/{v}", vault).then().statusCode(204);
    }

    @Test
    void aTokenWithoutAKnownRoleMayDoNothing() {
        given().auth().oauth2(TestTokens.token("nobody", "Guest"))
                .get("/api/v1/vaults").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aPrincipalScopedToResourceGroupsSeesAndTouchesOnlyThoseAndNoDataOfOthers() {
        String mine = Api.unique("mine-rg");
        String theirs = Api.unique("theirs-rg");
        String myVault = createVault(Api.unique("v"), mine, "westeurope", null);
        String theirVault = createVault(Api.unique("v"), theirs, "westeurope", null);
        String myVm = Api.registerVm(Api.vmJson(Api.unique("vm"), "westeurope", null).replace("hotel-rg", mine))
                .statusCode(201).extract().path("id");
        String theirVm = Api.registerVm(Api.vmJson(Api.unique("vm"), "westeurope", null).replace("hotel-rg", theirs))
                .statusCode(201).extract().path("id");
        String theirItem = protect(theirVault, theirVm);
        String reader = TestTokens.token("scoped-reader", Roles.READER, mine);

        given().auth().oauth2(reader).get("/api/v1/vaults").then().statusCode(200)
                .body("items.resourceGroup", org.hamcrest.Matchers.everyItem(equalTo(mine)))
                .body("items.id", org.hamcrest.Matchers.contains(myVault));
        given().auth().oauth2(reader).get("/api/v1/virtual-machines").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(myVm));
        given().auth().oauth2(reader).get("/api/v1/vaults/{v}", theirVault).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(reader).get("/api/v1/vaults/{v}/protected-items/{i}", theirVault, theirItem)
                .then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.not(containsString(theirs)));
        given().auth().oauth2(reader).get("/api/v1/virtual-machines/{vm}", theirVm).then().statusCode(404);
        given().auth().oauth2(reader).get("/api/v1/vaults/{v}", myVault).then().statusCode(200);
    }

    @Test
    void aScopedOwnerCannotCreateOrProtectOutsideItsResourceGroups() {
        String mine = Api.unique("mine-rg");
        String theirs = Api.unique("theirs-rg");
        String owner = TestTokens.token("scoped-owner", Roles.OWNER, mine);
        String myVault = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"name\": \"" + Api.unique("v") + "\", \"resourceGroup\": \"" + mine
                        + "\", \"region\": \"westeurope\"}")
                .post("/api/v1/vaults").then().statusCode(201).extract().path("id");

        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"name\": \"" + Api.unique("v") + "\", \"resourceGroup\": \"" + theirs
                        + "\", \"region\": \"westeurope\"}")
                .post("/api/v1/vaults").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("outside them"));
        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body(Api.vmJson(Api.unique("vm"), "westeurope", null).replace("hotel-rg", theirs))
                .post("/api/v1/virtual-machines").then().statusCode(403);

        String theirVm = Api.registerVm(Api.vmJson(Api.unique("vm"), "westeurope", null).replace("hotel-rg", theirs))
                .statusCode(201).extract().path("id");
        given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"vmIds\": [\"" + theirVm + "\"]}")
                .post("/api/v1/vaults/{v}/protected-items", myVault)
                .then().statusCode(200)
                .body("results[0].status", equalTo(404));
    }

    @Test
    void aContributorCannotCreateAVaultWhileCreatingAVm() {
        given().auth().oauth2(TestTokens.token("carla", Roles.CONTRIBUTOR)).contentType(ContentType.JSON)
                .body(Api.vmJson(Api.unique("vm"), "westeurope",
                        "\"backup\": {\"enabled\": true, \"newVault\": {\"resourceGroup\": \"backup-rg\"}}"))
                .post("/api/v1/virtual-machines").then().statusCode(403)
                .body("detail", containsString("Owner"));
    }
}
