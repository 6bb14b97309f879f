package io.backupcenter.systemtests;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TopicReader;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * An event whose dependency never comes holds up nothing: a {@code ProtectionConfigured} naming a policy that never
 * exists and a malformed protection event are published; an item protected afterwards is scheduled and its scheduled
 * backup fires; the poisoned event is parked, then dead-lettered after the bound (20 s in the system tests, 15 minutes
 * by default) with its reason, and its ConfigureBackup job shows that reason as the item's failure. policy-service
 * stays ready throughout (a parked record does not stop its consumer).
 */
@ExtendWith(BackupCenter.class)
class PoisonEventTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void aPoisonedProtectionEventIsParkedThenDeadLetteredWhileLaterItemsAreScheduledAndBackedUp() throws IOException {
        String vaultId = Api.createVault("poison-" + RUN, "poison-rg", "westeurope");
        // The next whole minute at least 40 s ahead: the schedule fires within the test.
        ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(100).truncatedTo(ChronoUnit.MINUTES);
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "PoisonSoon", "policyType": "Standard",
                         "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "UTC",
                         "retention": {"daily": {"count": 7}}}"""
                        .formatted(due.format(DateTimeFormatter.ofPattern("HH:mm"))))
                .post("/api/v1/vaults/{v}/policies", vaultId).then().statusCode(201);

        String poisonItem = "poison-item-" + RUN;
        String poisonJob = UUID.randomUUID().toString();
        String missingPolicy = "never-" + RUN;
        TopicReader.send(Topics.PROTECTION_EVENTS, poisonItem, EventJson.write(new ProtectionConfigured(
                UUID.randomUUID(), Instant.now(), 1, poisonJob, poisonItem, vaultId, "poison-" + RUN, missingPolicy,
                new VmSpec("vm-" + poisonItem, "poisoned-" + RUN, "poison-rg", "westeurope", "Linux", "Running",
                        List.of(new DiskSpec("osdisk", -1, "file:///var/lib/vms/poison.img")), null),
                "test")));
        String garbage = "garbage-" + RUN;
        TopicReader.send(Topics.PROTECTION_EVENTS, garbage, "{\"type\": \"ProtectionConfigured\", \"vaultId\": 7");

        Path disk = Api.disk("poison-" + RUN, 2, 41);
        String itemId = Api.protectedVm("after-poison-" + RUN, "poison-rg", disk, vaultId, "PoisonSoon");

        // The malformed record is dead-lettered at once (by each service consuming the topic), the poisoned one by
        // policy-service only, after the bound.
        List<ConsumerRecord<String, String>> malformed = TopicReader.await(
                Topics.deadLetter(Topics.PROTECTION_EVENTS), record -> garbage.equals(record.key()),
                Duration.ofSeconds(30));
        assertThat(malformed).allSatisfy(record -> assertThat(reason(record)).contains("not valid JSON"));
        ConsumerRecord<String, String> poisoned = deadLetter(poisonItem, Duration.ofSeconds(90));
        assertThat(reason(poisoned)).contains(missingPolicy).contains("did not arrive");
        Api.awaitJob(poisonJob, "Failed", Duration.ofSeconds(30));
        given().get("/api/v1/jobs/{id}", poisonJob).then()
                .body("operation", equalTo("ConfigureBackup"))
                .body("protectedItemId", equalTo(poisonItem))
                .body("error.code", equalTo("ItemNotScheduled"))
                .body("error.message", containsString(missingPolicy));
        for (String instance : List.of("policy-service", "policy-service-2")) {
            assertThat(Services.readiness(instance)[0]).as(instance + " readiness").isEqualTo(200);
            assertThat(Services.metrics(instance)).contains("backup_center_events_parked{")
                    .contains("backup_center_events_dead_lettered_total{");
        }
        assertThat(Services.sum(Services.metrics("policy-service"), "backup_center_events_dead_lettered_total",
                "consumer=\"policy-service.protection-events\"")
                + Services.sum(Services.metrics("policy-service-2"), "backup_center_events_dead_lettered_total",
                "consumer=\"policy-service.protection-events\"")).isGreaterThanOrEqualTo(2);

        // The item protected after the poison: its ConfigureBackup completed, and its scheduled backup fires.
        assertThat(Api.awaitScheduledBackup(itemId, due).getString("initiatedBy")).isEqualTo("schedule");
        given().queryParam("protectedItemId", itemId).queryParam("operation", "ConfigureBackup")
                .get("/api/v1/jobs").then().body("items[0].status", equalTo("Completed"));
    }

    private static ConsumerRecord<String, String> deadLetter(String key, Duration within) {
        List<ConsumerRecord<String, String>> dead = TopicReader.await(Topics.deadLetter(Topics.PROTECTION_EVENTS),
                record -> key.equals(record.key()), within);
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("dead-letter-reason");
        assertThat(header).as("dead-letter-reason of " + record.key()).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
