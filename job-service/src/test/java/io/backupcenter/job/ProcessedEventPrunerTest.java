package io.backupcenter.job;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class ProcessedEventPrunerTest {

    @Inject
    Pool pool;

    private void record(UUID eventId, OffsetDateTime processedAt) {
        pool.preparedQuery("insert into processed_event (consumer, event_id, processed_at) values ($1, $2, $3)")
                .execute(Tuple.of("pruner-test", eventId, processedAt))
                .await().atMost(Duration.ofSeconds(5));
    }

    private boolean present(UUID eventId) {
        return pool.preparedQuery("select 1 from processed_event where event_id = $1")
                .execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(5))
                .size() == 1;
    }

    @Test
    void theSchedulerForgetsEventIdsOlderThanTheRetentionAndKeepsRecentOnes() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        record(old, now.minusDays(8));
        record(recent, now.minusDays(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> !present(old));

        assertThat(present(recent)).isTrue();
    }
}
