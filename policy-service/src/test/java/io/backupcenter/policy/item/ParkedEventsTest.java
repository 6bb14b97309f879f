package io.backupcenter.policy.item;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.schedule.ItemScheduled;
import io.backupcenter.contracts.schedule.ScheduleEvent;
import io.backupcenter.kit.testing.TopicReader;
import io.backupcenter.policy.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event whose dependency has not arrived is parked per key, in the database, while records of other keys go on,
 * and is applied when the dependency arrives, in order with the later records of its key. (Dead-lettering after the
 * bound is shown end to end in system-tests' PoisonEventTest.)
 */
@QuarkusTest
class ParkedEventsTest {

    @Inject
    Pool pool;

    @Test
    void aPointOfAnItemNotKnownYetIsParkedWhileOthersFlowAndAppliedOnceTheItemArrives() {
        String vault = Fixtures.vault();
        String policy = Fixtures.dailyPolicy(vault, "22:30", "UTC", 7);
        Map.Entry<String, String> late = Fixtures.itemAnnouncement(vault, policy);
        String known = Fixtures.item(vault, policy);
        Fixtures.awaitItem(pool, known);
        String latePoint = "rp-" + UUID.randomUUID();
        String latePoint2 = "rp-" + UUID.randomUUID();
        String knownPoint = "rp-" + UUID.randomUUID();

        completed(vault, late.getKey(), latePoint);
        completed(vault, late.getKey(), latePoint2);
        completed(vault, known, knownPoint);

        await().atMost(Duration.ofSeconds(20)).until(() -> points(knownPoint) == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> parked(late.getKey()) == 2);
        assertThat(points(latePoint) + points(latePoint2)).isZero();

        TopicReader.send(Topics.PROTECTION_EVENTS, late.getKey(), late.getValue());

        await().atMost(Duration.ofSeconds(20)).until(() -> points(latePoint) == 1 && points(latePoint2) == 1);
        assertThat(parked(late.getKey())).isZero();
        List<ScheduleEvent> scheduled = TopicReader.await(Topics.SCHEDULE_EVENTS,
                        r -> late.getKey().equals(r.key()), Duration.ofSeconds(20))
                .stream().map(r -> EventJson.read(r.value(), ScheduleEvent.class)).toList();
        assertThat(scheduled).first().isInstanceOfSatisfying(ItemScheduled.class, s -> {
            assertThat(s.policyId()).isEqualTo(policy);
            assertThat(s.jobId()).isNotNull();
            assertThat(s.nextRunAt()).isAfter(Instant.now());
        });
    }

    private static void completed(String vault, String item, String point) {
        Instant run = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, item, EventJson.write(new SnapshotCompleted(UUID.randomUUID(),
                Instant.now(), SnapshotCompletedEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), item, vault,
                SnapshotStatus.Succeeded, Trigger.Scheduled, null, run, null,
                new RecoveryPointInfo(point, run.plusSeconds(30), RecoveryPointType.CrashConsistent, 100, null,
                        new BackupStats(100, 10, 1, 1), List.of()), null, null, null)));
    }

    private long points(String id) {
        return pool.preparedQuery("select count(*) from recovery_point where id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private long parked(String key) {
        return pool.preparedQuery("select count(*) from parked_event where message_key = $1 "
                        + "and consumer = 'policy-service.snapshot-completed'").execute(Tuple.of(key))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }
}
