package io.backupcenter.policy.schedule;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.protection.ProtectionStopped;
import io.backupcenter.kit.testing.OnVertx;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.policy.Fixtures;
import io.backupcenter.policy.TestClockProducer;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class SchedulerTest {

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ScheduleService schedules;

    @AfterEach
    void resetClock() {
        TestClockProducer.CLOCK.reset();
    }

    /** A whole minute at least ten minutes ahead of the test clock, and its HH:MM in UTC. */
    private static Instant aRunAhead() {
        return TestClockProducer.CLOCK.instant().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    }

    private static String hhmm(Instant at) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(at);
    }

    private static List<BackupRequested> requestsOf(String itemId) {
        return TopicReader.all(Topics.BACKUP_REQUESTED, r -> itemId.equals(r.key())).stream()
                .map(ConsumerRecord::value)
                .map(json -> (BackupRequested) EventJson.read(json, BackupRequestedEvent.class))
                .toList();
    }

    private static List<BackupRequested> awaitRequests(String itemId) {
        return TopicReader.await(Topics.BACKUP_REQUESTED, r -> itemId.equals(r.key()), Duration.ofSeconds(20)).stream()
                .map(ConsumerRecord::value)
                .map(json -> (BackupRequested) EventJson.read(json, BackupRequestedEvent.class))
                .toList();
    }

    @Test
    void aDueItemGetsOneBackupRequestForItsScheduledMinute() {
        Instant run = aRunAhead();
        String vault = Fixtures.vault();
        String policy = Fixtures.dailyPolicy(vault, hhmm(run), "UTC", 7);
        String item = Fixtures.item(vault, policy);
        Fixtures.awaitItem(pool, item);
        assertThat(requestsOf(item)).isEmpty();

        TestClockProducer.CLOCK.advance(Duration.between(TestClockProducer.CLOCK.instant(), run).plusSeconds(1));

        List<BackupRequested> requests = awaitRequests(item);
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.trigger()).isEqualTo(Trigger.Scheduled);
            assertThat(request.scheduledFor()).isEqualTo(run);
            assertThat(request.jobId()).isEqualTo(ScheduleService.runKey(item, run));
            assertThat(request.policyId()).isEqualTo(policy);
            assertThat(request.vm().disks()).hasSize(1);
        });
    }

    @Test
    void itemsProtectedWhileTheirPolicysTimeChangesAllFollowTheNewTime() {
        Instant first = aRunAhead();
        String vault = Fixtures.vault();
        String name = "moving-" + UUID.randomUUID();
        String policy = Fixtures.policy(vault, movingPolicy(name, hhmm(first)));
        List<String> items = new ArrayList<>();
        Instant time = first;
        // Three times: 40 items announced in a burst, the policy's time moved while policy-service takes them in.
        for (int round = 1; round <= 3; round++) {
            List<Map.Entry<String, String>> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(Fixtures.itemAnnouncement(vault, policy));
            }
            burst.forEach(record -> items.add(record.getKey()));
            TopicReader.sendAll(Topics.PROTECTION_EVENTS, burst);
            time = first.plus(round, ChronoUnit.HOURS);
            given().contentType(ContentType.JSON).body(movingPolicy(name, hhmm(time)))
                    .put("/api/v1/vaults/{v}/policies/{p}", vault, policy).then().statusCode(200);
        }
        items.forEach(item -> Fixtures.awaitItem(pool, item));

        List<Instant> nextRuns = new ArrayList<>();
        pool.preparedQuery("select next_run_at from protected_item where policy_id = $1")
                .execute(Tuple.of(policy)).await().atMost(Duration.ofSeconds(5))
                .forEach(row -> nextRuns.add(row.getOffsetDateTime(0).toInstant()));
        assertThat(nextRuns).hasSize(120).containsOnly(time);
    }

    private static String movingPolicy(String name, String time) {
        return """
                {"name": "%s", "policyType": "Standard",
                 "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "UTC",
                 "retention": {"daily": {"count": 7}}}""".formatted(name, time);
    }

    @Test
    void afterDowntimeAMissedRunFiresOnceNotOncePerMissedDay() {
        Instant run = aRunAhead();
        String vault = Fixtures.vault();
        String policy = Fixtures.dailyPolicy(vault, hhmm(run), "UTC", 7);
        String item = Fixtures.item(vault, policy);
        Fixtures.awaitItem(pool, item);

        TestClockProducer.CLOCK.advance(Duration.between(TestClockProducer.CLOCK.instant(), run).plusDays(3).plusSeconds(1));

        List<BackupRequested> requests = awaitRequests(item);
        assertThat(requests).singleElement()
                .satisfies(request -> assertThat(request.scheduledFor()).isEqualTo(run.plus(3, ChronoUnit.DAYS)));
    }

    @Test
    void aStoppedItemGetsNoScheduledBackup() {
        Instant run = aRunAhead();
        String vault = Fixtures.vault();
        String policy = Fixtures.dailyPolicy(vault, hhmm(run), "UTC", 7);
        String stopped = Fixtures.item(vault, policy);
        String active = Fixtures.item(vault, policy);
        Fixtures.awaitItem(pool, stopped);
        Fixtures.awaitItem(pool, active);
        TopicReader.send(Topics.PROTECTION_EVENTS, stopped, EventJson.write(new ProtectionStopped(UUID.randomUUID(),
                Instant.now(), ProtectionEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), stopped, vault, "vm",
                "test")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool
                .preparedQuery("select state from protected_item where id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(stopped)).await().atMost(Duration.ofSeconds(5))
                .iterator().next().getString("state").equals("Stopped"));

        TestClockProducer.CLOCK.advance(Duration.between(TestClockProducer.CLOCK.instant(), run).plusSeconds(1));

        awaitRequests(active);
        assertThat(requestsOf(stopped)).isEmpty();
    }

    @Test
    void instancesRacingForTheSameDueItemsFireEachRunOnce() {
        Instant run = aRunAhead();
        String vault = Fixtures.vault();
        String policy = Fixtures.dailyPolicy(vault, hhmm(run), "UTC", 7);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(Fixtures.item(vault, policy));
        }
        items.forEach(item -> Fixtures.awaitItem(pool, item));

        TestClockProducer.CLOCK.advance(Duration.between(TestClockProducer.CLOCK.instant(), run).plusSeconds(1));
        List<Integer> claimed = Uni.join().all(
                        OnVertx.run(vertx, () -> schedules.fireDue(500)),
                        OnVertx.run(vertx, () -> schedules.fireDue(500)),
                        OnVertx.run(vertx, () -> schedules.fireDue(500)))
                .andFailFast().await().atMost(Duration.ofSeconds(30));

        for (String item : items) {
            awaitRequests(item);
        }
        Set<String> itemSet = Set.copyOf(items);
        List<BackupRequested> all = TopicReader.all(Topics.BACKUP_REQUESTED, r -> itemSet.contains(r.key())).stream()
                .map(r -> (BackupRequested) EventJson.read(r.value(), BackupRequestedEvent.class)).toList();
        assertThat(all).hasSize(40);
        assertThat(all.stream().map(BackupRequested::jobId).collect(Collectors.toSet())).hasSize(40);
        // The service's own scanner races these three too, so they claim at most the 40 between them.
        assertThat(claimed.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(40);
    }
}
