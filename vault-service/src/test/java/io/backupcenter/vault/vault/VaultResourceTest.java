package io.backupcenter.vault.vault;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultDeleted;
import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class VaultResourceTest {

    private static String uniqueName() {
        return "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String create(String name, String resourceGroup) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "%s", "region": "westeurope"}""".formatted(name, resourceGroup))
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void verifyingAVaultNowAsksTheWorkersForAVerifyJob() {
        String id = create(uniqueName(), "backup-rg");

        String jobId = given().post("/api/v1/vaults/{id}/verify", id)
                .then().statusCode(202)
                .body("jobId", org.hamcrest.Matchers.notNullValue())
                .extract().path("jobId");

        var records = TopicReader.await(Topics.VAULT_VERIFICATIONS, r -> id.equals(r.key())
                && r.value().contains(jobId), Duration.ofSeconds(15));
        assertThat(EventJson.read(records.get(0).value(), io.backupcenter.contracts.verify.VerifyEvent.class))
                .isInstanceOfSatisfying(io.backupcenter.contracts.verify.VerifyRequested.class, requested -> {
                    assertThat(requested.vaultId()).isEqualTo(id);
                    assertThat(requested.initiatedBy()).isEqualTo("test-owner");
                });
        given().post("/api/v1/vaults/{id}/verify", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(io.backupcenter.kit.testing.TestTokens.token("rita", "Reader"))
                .post("/api/v1/vaults/{id}/verify", id).then().statusCode(403);
    }

    @Test
    void aVaultIsCreatedWithTheDefaultsOfTheSpec() {
        String name = uniqueName();

        String id = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "backup-rg", "region": "WestEurope"}""".formatted(name))
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .header("Location", startsWith("/api/v1/vaults/"))
                .body("name", equalTo(name))
                .body("resourceGroup", equalTo("backup-rg"))
                .body("region", equalTo("westeurope"))
                .body("storageRedundancy", equalTo("GeoRedundant"))
                .body("softDelete.enabled", equalTo(true))
                .body("softDelete.retentionDays", equalTo(14))
                .extract().path("id");

        given().get("/api/v1/vaults/" + id).then().statusCode(200).body("name", equalTo(name));
    }

    @Test
    void creatingAVaultPublishesVaultCreatedThroughTheOutbox() {
        String id = create(uniqueName(), "backup-rg");

        var records = TopicReader.await(Topics.VAULT_EVENTS, r -> id.equals(r.key()), Duration.ofSeconds(15));

        assertThat(records).hasSize(1);
        VaultEvent event = EventJson.read(records.get(0).value(), VaultEvent.class);
        assertThat(event).isInstanceOfSatisfying(VaultCreated.class, created -> {
            assertThat(created.vaultId()).isEqualTo(id);
            assertThat(created.region()).isEqualTo("westeurope");
        });
    }

    @Test
    void aTakenNameInTheSameResourceGroupIsAConflict() {
        String name = uniqueName();
        create(name, "hotel-rg");

        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "HOTEL-rg", "region": "westeurope"}""".formatted(name.toUpperCase()))
                .post("/api/v1/vaults")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("detail", containsString("already exists in resource group"));
    }

    @Test
    void theSameNameInAnotherResourceGroupIsAllowed() {
        String name = uniqueName();
        create(name, "hotel-rg");
        create(name, "stadium-rg");
    }

    @Test
    void aBadNameIsABadRequestThatNamesTheField() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "9lives", "resourceGroup": "rg", "region": "westeurope"}""")
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("name"))
                .body("errors[0].message", containsString("starting with a letter"));
    }

    @Test
    void softDeleteDaysOutsideTheRangeAreABadRequest() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "rg", "region": "westeurope",
                         "softDelete": {"enabled": true, "retentionDays": 200}}""".formatted(uniqueName()))
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .body("errors.field", contains("softDelete.retentionDays"))
                .body("errors[0].message", equalTo("must be between 14 and 180 days"));
    }

    @Test
    void anUnknownRedundancyIsABadRequestListingTheValues() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "rg", "region": "westeurope",
                         "storageRedundancy": "Triple"}""".formatted(uniqueName()))
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("storageRedundancy"))
                .body("detail", containsString("GeoRedundant, LocallyRedundant, ZoneRedundant"))
                .body("detail", not(containsString("io.backupcenter")));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": ")
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void anUnknownFieldIsABadRequest() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "rg", "region": "westeurope", "colour": "blue"}"""
                        .formatted(uniqueName()))
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .body("errors.field", contains("colour"));
    }

    @Test
    void aWrongTypeIsABadRequest() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "rg", "region": "westeurope",
                         "softDelete": {"enabled": true, "retentionDays": "many"}}""".formatted(uniqueName()))
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .body("errors.field", contains("softDelete.retentionDays"))
                .body("errors[0].message", containsString("a whole number"));
    }

    @Test
    void aMissingBodyIsABadRequest() {
        given().contentType(ContentType.JSON)
                .post("/api/v1/vaults")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownVaultIsNotFound() {
        given().get("/api/v1/vaults/no-such-vault")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Vault 'no-such-vault' does not exist."));
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        given().get("/nothing/here")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void vaultsAreListedWithFilters() {
        String name = uniqueName();
        create(name, "restaurant-rg");

        given().queryParam("resourceGroup", "restaurant-rg").get("/api/v1/vaults")
                .then().statusCode(200)
                .body("items.name", hasItem(name))
                .body("items.resourceGroup", not(hasItem("hotel-rg")));
    }

    @Test
    void softDeleteCanBeTurnedOffAndOnWithItsDays() {
        String id = create(uniqueName(), "rg");

        given().contentType(ContentType.JSON).body("{\"softDelete\": {\"enabled\": false}}")
                .patch("/api/v1/vaults/" + id)
                .then().statusCode(200)
                .body("softDelete.enabled", equalTo(false))
                .body("softDelete.retentionDays", equalTo(14));
        given().contentType(ContentType.JSON).body("{\"softDelete\": {\"enabled\": true, \"retentionDays\": 30}}")
                .patch("/api/v1/vaults/" + id)
                .then().statusCode(200);

        given().get("/api/v1/vaults/" + id).then()
                .body("softDelete.enabled", equalTo(true))
                .body("softDelete.retentionDays", equalTo(30));
    }

    @Test
    void aVaultsOtherSettingsCannotBeChanged() {
        String id = create(uniqueName(), "rg");

        given().contentType(ContentType.JSON).body("{\"storageRedundancy\": \"LocallyRedundant\"}")
                .patch("/api/v1/vaults/" + id)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("storageRedundancy"));
        given().contentType(ContentType.JSON).body("{}")
                .patch("/api/v1/vaults/" + id)
                .then().statusCode(400)
                .body("errors.field", contains("softDelete"));
        given().contentType(ContentType.JSON).body("{\"softDelete\": {\"enabled\": true}}")
                .patch("/api/v1/vaults/no-such-vault")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aDeletedVaultIsGoneAndAnnounced() {
        String id = create(uniqueName(), "rg");

        given().delete("/api/v1/vaults/" + id).then().statusCode(204);

        given().get("/api/v1/vaults/" + id).then().statusCode(404);
        var records = TopicReader.await(Topics.VAULT_EVENTS, r -> id.equals(r.key()) && r.value().contains("VaultDeleted"),
                Duration.ofSeconds(15));
        assertThat(EventJson.read(records.get(0).value(), VaultEvent.class)).isInstanceOf(VaultDeleted.class);
    }
}
