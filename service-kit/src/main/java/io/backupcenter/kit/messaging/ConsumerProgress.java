package io.backupcenter.kit.messaging;

import io.backupcenter.kit.Failures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Whether every consumed channel moves. Every {@code backup-center.consumers.sample-every} (10 s) it reads, on each
 * channel's polling thread, the end offset and the committed offset of each assigned partition: their difference is
 * the channel's lag ({@code backup_center_consumer_lag{consumer,topic}}). A channel with records waiting whose
 * committed offset has not moved, and that has finished no record ({@link #advanced}), for longer than
 * {@code backup-center.consumers.stalled-after} (2 minutes) is stuck, and readiness ({@link ConsumersReadiness}) is
 * DOWN with a detail naming the consumer and its topic until it moves again. Kafka's own {@code records-lag} is not
 * used: it counts from the fetch position, which runs ahead of what has been processed.
 */
@ApplicationScoped
public class ConsumerProgress {

    private static final Logger LOG = Logger.getLogger(ConsumerProgress.class);
    /** The longest one sample may hold a channel's polling thread per call. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final Clock clock;
    private final KafkaClientService kafka;
    private final MeterRegistry metrics;
    private final Vertx vertx;
    private final String service;
    private final Duration stalledAfter;
    private final Duration sampleEvery;

    /** What is known of one watched channel. */
    private static final class Watch {
        final String topic;
        final AtomicLong lag = new AtomicLong();
        volatile Instant lastAdvanced;
        volatile Instant committedMoved;
        final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

        Watch(String topic, Instant now) {
            this.topic = topic;
            this.lastAdvanced = now;
            this.committedMoved = now;
        }
    }

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private long timer = -1;

    ConsumerProgress(Clock clock, KafkaClientService kafka, MeterRegistry metrics, Vertx vertx,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "backup-center.consumers.stalled-after", defaultValue = "PT2M")
            Duration stalledAfter,
            @ConfigProperty(name = "backup-center.consumers.sample-every", defaultValue = "PT10S")
            Duration sampleEvery) {
        this.clock = clock;
        this.kafka = kafka;
        this.metrics = metrics;
        this.vertx = vertx;
        this.service = service;
        this.stalledAfter = stalledAfter;
        this.sampleEvery = sampleEvery;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(sampleEvery.toMillis(), id -> sample());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /** Starts watching {@code channel}, which reads {@code topic}. */
    public void watch(String channel, String topic) {
        watches.computeIfAbsent(channel, name -> {
            Watch watch = new Watch(topic, clock.instant());
            Gauge.builder("backup_center.consumer.lag", watch.lag, AtomicLong::get)
                    .description("Records of the topic that the consumer has not processed yet (end offset minus "
                            + "committed offset, summed over its partitions)")
                    .tag("consumer", service + "." + name).tag("topic", topic)
                    .strongReference(true)
                    .register(metrics);
            return watch;
        });
    }

    /** {@code channel} finished a record (applied, parked, dead-lettered) or its long work reported progress. */
    public void advanced(String channel) {
        Watch watch = watches.get(channel);
        if (watch != null) {
            watch.lastAdvanced = clock.instant();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void sample() {
        for (Map.Entry<String, Watch> entry : watches.entrySet()) {
            for (KafkaConsumer<Object, Object> consumer : kafka.<Object, Object>getConsumers(entry.getKey())) {
                consumer.runOnPollingThread((Function<Consumer<Object, Object>, Map<TopicPartition, long[]>>)
                                ConsumerProgress::offsets)
                        .subscribe().with(offsets -> update(entry.getValue(), offsets),
                                failure -> LOG.debugf("cannot sample %s: %s", entry.getKey(),
                                        Failures.describe(failure)));
            }
        }
    }

    /**
     * {@code [end, committed]} per assigned partition; a partition with no commit yet counts from its beginning (the
     * services read from the earliest record), not from the fetch position, which runs ahead of what was processed.
     * Runs on the polling thread.
     */
    private static Map<TopicPartition, long[]> offsets(Consumer<?, ?> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, CALL_TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, CALL_TIMEOUT);
        Set<TopicPartition> uncommitted = new java.util.HashSet<>();
        for (TopicPartition partition : assigned) {
            if (committed.get(partition) == null) {
                uncommitted.add(partition);
            }
        }
        Map<TopicPartition, Long> beginnings = uncommitted.isEmpty() ? Map.of()
                : consumer.beginningOffsets(uncommitted, CALL_TIMEOUT);
        Map<TopicPartition, long[]> offsets = new HashMap<>();
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata done = committed.get(partition);
            long position = done != null ? done.offset() : beginnings.getOrDefault(partition, 0L);
            offsets.put(partition, new long[] {ends.getOrDefault(partition, position), position});
        }
        return offsets;
    }

    private void update(Watch watch, Map<TopicPartition, long[]> offsets) {
        Instant now = clock.instant();
        long lag = 0;
        boolean moved = false;
        for (Map.Entry<TopicPartition, long[]> partition : offsets.entrySet()) {
            long end = partition.getValue()[0];
            long done = partition.getValue()[1];
            lag += Math.max(0, end - done);
            Long before = watch.committed.put(partition.getKey(), done);
            moved |= before == null || before != done;
        }
        watch.committed.keySet().retainAll(offsets.keySet());
        watch.lag.set(lag);
        if (moved || lag == 0) {
            watch.committedMoved = now;
        }
    }

    /** DOWN, naming each stuck consumer and its topic, while any is stuck. */
    HealthCheckResponse health() {
        Instant now = clock.instant();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Event consumers").up();
        Map<String, String> stuck = new TreeMap<>();
        watches.forEach((channel, watch) -> {
            Instant last = watch.committedMoved.isAfter(watch.lastAdvanced) ? watch.committedMoved : watch.lastAdvanced;
            Duration still = Duration.between(last, now);
            if (watch.lag.get() > 0 && still.compareTo(stalledAfter) > 0) {
                stuck.put(service + "." + channel, "stuck: " + watch.lag.get() + " record(s) of topic " + watch.topic
                        + " waiting, no progress for " + still.toSeconds() + " s");
            }
        });
        if (!stuck.isEmpty()) {
            response.down();
            stuck.forEach(response::withData);
        }
        return response.build();
    }
}
