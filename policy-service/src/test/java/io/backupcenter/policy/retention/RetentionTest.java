package io.backupcenter.policy.retention;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.retention.RetentionAssigned;
import io.backupcenter.contracts.retention.RetentionEvent;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.policy.Fixtures;
import io.backupcenter.policy.TestClockProducer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class RetentionTest {

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        TestClockProducer.CLOCK.reset();
    }

    private static void completed(String vault, String item, String point, Instant run, Trigger trigger,
            Instant retainUntil) {
        SnapshotCompleted event = new SnapshotCompleted(UUID.randomUUID(), Instant.now(),
                SnapshotCompletedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), item, vault, SnapshotStatus.Succeeded,
                trigger, retainUntil, trigger == Trigger.Scheduled ? run : null, null,
                new RecoveryPointInfo(point, run.plusSeconds(30), RecoveryPointType.CrashConsistent, 100, null,
                        new BackupStats(100, 10, 1, 1), List.of()), null, null, null);
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, item, EventJson.write(event));
    }

    private static List<RetentionAssigned> assignments(String point) {
        return TopicReader.await(Topics.RETENTION_EVENTS, r -> r.value().contains(point), Duration.ofSeconds(20))
                .stream().map(r -> (RetentionAssigned) EventJson.read(r.value(), RetentionEvent.class)).toList();
    }

    private static List<RecoveryPointExpired> expiries(String point, Tier tier) {
        return TopicReader.await(Topics.RP_EXPIRED, r -> r.value().contains(point)
                        && r.value().contains("\"tier\":\"" + tier + "\""), Duration.ofSeconds(20))
                .stream().map(r -> (RecoveryPointExpired) EventJson.read(r.value(), RpExpiredEvent.class)).toList();
    }

    @Test
    void aScheduledPointGetsItsPolicysDatesAndExpiresTierByTier() {
        String vault = Fixtures.vault();
        String policy = Fixtures.dailyPolicy(vault, "22:30", "UTC", 7);
        String item = Fixtures.item(vault, policy);
        Fixtures.awaitItem(pool, item);
        Instant older = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Instant newer = older.plus(12, ChronoUnit.HOURS);
        String oldPoint = "rp-" + UUID.randomUUID();
        String newPoint = "rp-" + UUID.randomUUID();

        completed(vault, item, oldPoint, older, Trigger.Scheduled, null);
        assertThat(assignments(oldPoint)).singleElement().satisfies(a -> {
            assertThat(a.snapshotExpiresAt()).isEqualTo(older.plusSeconds(30).plus(2, ChronoUnit.DAYS));
            assertThat(a.vaultExpiresAt()).isEqualTo(older.plus(7, ChronoUnit.DAYS));
        });
        completed(vault, item, newPoint, newer, Trigger.Scheduled, null);
        assignments(newPoint);

        TestClockProducer.CLOCK.advance(Duration.ofDays(3));
        assertThat(expiries(oldPoint, Tier.Snapshot)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(ExpiryReason.Retention));

        TestClockProducer.CLOCK.advance(Duration.ofDays(6));
        assertThat(expiries(oldPoint, Tier.Vault)).hasSize(1);
        assertThat(TopicReader.all(Topics.RP_EXPIRED, r -> r.value().contains(newPoint)
                && r.value().contains("\"tier\":\"Vault\""))).as("the item's latest point is kept").isEmpty();
    }

    @Test
    void anOnDemandPointIsKeptUntilItsRetainUntil() {
        String vault = Fixtures.vault();
        String item = Fixtures.item(vault, Fixtures.defaultPolicy(vault));
        Fixtures.awaitItem(pool, item);
        String point = "rp-" + UUID.randomUUID();
        Instant until = Instant.parse("2027-06-30T00:00:00Z");

        completed(vault, item, point, Instant.now().truncatedTo(ChronoUnit.SECONDS), Trigger.OnDemand, until);

        assertThat(assignments(point)).singleElement()
                .satisfies(a -> assertThat(a.vaultExpiresAt()).isEqualTo(until));
    }

    @Test
    void aPolicyChangeMovesTheExpiryOfExistingPoints() {
        String vault = Fixtures.vault();
        String name = "changing-" + UUID.randomUUID();
        String policy = Fixtures.policy(vault, """
                {"name": "%s", "policyType": "Standard", "schedule": {"frequency": "Daily", "times": ["22:30"]},
                 "retention": {"daily": {"count": 7}}}""".formatted(name));
        String item = Fixtures.item(vault, policy);
        Fixtures.awaitItem(pool, item);
        String point = "rp-" + UUID.randomUUID();
        Instant run = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        completed(vault, item, point, run, Trigger.Scheduled, null);
        assignments(point);

        given().contentType(ContentType.JSON).body("""
                        {"name": "%s", "policyType": "Standard", "schedule": {"frequency": "Daily", "times": ["22:30"]},
                         "retention": {"daily": {"count": 45}}}""".formatted(name))
                .put("/api/v1/vaults/{v}/policies/{p}", vault, policy)
                .then().statusCode(200);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(assignments(point)).extracting(RetentionAssigned::vaultExpiresAt)
                        .contains(run.plus(45, ChronoUnit.DAYS)));
    }
}
