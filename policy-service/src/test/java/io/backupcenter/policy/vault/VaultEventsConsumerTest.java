package io.backupcenter.policy.vault;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultDeleted;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class VaultEventsConsumerTest {

    private static VaultCreated vaultCreated() {
        return VaultCreated.of(Clock.systemUTC(), UUID.randomUUID().toString(), "hotel-vault", "backup-rg",
                "westeurope", "GeoRedundant");
    }

    private static void publish(VaultCreated event) {
        TopicReader.send(Topics.VAULT_EVENTS, event.vaultId(), EventJson.write(event));
    }

    private static void awaitPolicies(String vaultId, int count) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{vaultId}/policies", vaultId)
                .then().statusCode(200)
                .body("items", hasSize(count)));
    }

    @Test
    void aCreatedVaultGetsTheDefaultPolicyOfTheSpec() {
        VaultCreated event = vaultCreated();

        publish(event);

        awaitPolicies(event.vaultId(), 1);
        given().get("/api/v1/vaults/{vaultId}/policies", event.vaultId())
                .then()
                .body("items[0].name", equalTo("DefaultPolicy"))
                .body("items[0].policyType", equalTo("Standard"))
                .body("items[0].schedule.frequency", equalTo("Daily"))
                .body("items[0].schedule.times", contains("22:30"))
                .body("items[0].timeZone", equalTo("UTC"))
                .body("items[0].instantRestoreRetentionDays", equalTo(2))
                .body("items[0].retention.daily.count", equalTo(30));
    }

    @Test
    void aRedeliveredEventCreatesNoSecondPolicy() {
        VaultCreated event = vaultCreated();
        publish(event);
        awaitPolicies(event.vaultId(), 1);

        publish(event);
        VaultCreated marker = vaultCreated();
        publish(marker);
        awaitPolicies(marker.vaultId(), 1);

        awaitPolicies(event.vaultId(), 1);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String key = "broken-" + UUID.randomUUID();
        TopicReader.send(Topics.VAULT_EVENTS, key, "{\"type\":\"VaultCreated\",\"vaultId\":\"" + key + "\"}");
        VaultCreated after = vaultCreated();
        publish(after);

        var dead = TopicReader.await(Topics.deadLetter(Topics.VAULT_EVENTS), r -> key.equals(r.key()),
                Duration.ofSeconds(15));
        Header reason = dead.get(0).headers().lastHeader("dead-letter-reason");
        assertThat(reason).isNotNull();
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("field 'eventId' is required");
        awaitPolicies(after.vaultId(), 1);
    }

    @Test
    void aDeletedVaultTakesItsPoliciesWithIt() {
        VaultCreated created = vaultCreated();
        publish(created);
        awaitPolicies(created.vaultId(), 1);

        VaultDeleted deleted = VaultDeleted.of(Clock.systemUTC(), created.vaultId());
        TopicReader.send(Topics.VAULT_EVENTS, deleted.vaultId(), EventJson.write(deleted));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{vaultId}/policies", created.vaultId())
                .then().statusCode(404)
                .contentType("application/problem+json"));
    }

    @Test
    void theListOfAVaultWhoseEventHasNotArrivedIsAskedOfVaultServiceNotAnsweredWithAWrong404() {
        given().get("/api/v1/vaults/{vaultId}/policies", "not-announced-yet")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("vault-service is unavailable"));
    }
}
