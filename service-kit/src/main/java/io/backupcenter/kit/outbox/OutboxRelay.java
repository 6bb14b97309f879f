package io.backupcenter.kit.outbox;

import io.backupcenter.kit.Failures;
import io.backupcenter.kit.messaging.InboundEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the outbox to Kafka, oldest first, and deletes what the broker acknowledged. Woken at once by
 * PostgreSQL's NOTIFY when a transaction with outbox rows commits, and by a slow timer in case a notification is missed.
 * With several instances of a service, a transaction-scoped advisory lock lets one relay publish at a time, which keeps
 * the order. A crash between publish and delete publishes again: consumers are idempotent by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id of the relay ("outbox" in ASCII). */
    private static final long LOCK_KEY = 0x6f7574626f78L;
    /** The channel the NOTIFY trigger of the outbox table signals. */
    static final String NOTIFY_CHANNEL = "outbox_event";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration pollInterval;
    private final String reactiveUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean failing;
    private long timerId = -1;
    private PgSubscriber subscriber;

    OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> emitter, Vertx vertx,
            @ConfigProperty(name = "backup-center.outbox.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "backup-center.outbox.poll-interval", defaultValue = "1s") Duration pollInterval,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.emitter = emitter;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.reactiveUrl = reactiveUrl;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent startup) {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(retries -> 1000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> wake());
        subscriber.connect().subscribe().with(
                ignored -> wake(),
                failure -> LOG.warnf("outbox notifications unavailable, relying on polling: %s",
                        Failures.describe(failure)));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        vertx.cancelTimer(timerId);
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /** Publishes what is pending now, unless a run is under way (then that run goes round once more). */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        relayBatch().subscribe().with(published -> {
            running.set(false);
            if (failing) {
                failing = false;
                LOG.info("outbox relay publishing again");
            }
            if (published >= batchSize || again.getAndSet(false)) {
                wake();
            }
        }, failure -> {
            running.set(false);
            if (!failing) {
                failing = true;
                LOG.warnf("outbox relay cannot publish yet, will retry: %s", Failures.describe(failure));
            }
        });
    }

    /** One batch: the number of events published, 0 when another instance holds the relay lock. */
    Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .query("select pg_try_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                .chain(rows -> rows.iterator().next().getBoolean(0)
                        ? publish(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publish(SqlConnection connection) {
        return connection.preparedQuery(
                        "select id, event_type, topic, message_key, payload, dead_letter_reason from outbox_event "
                                + "order by id limit $1")
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        sends.add(emitter.sendMessage(toMessage(row)));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> connection.preparedQuery("delete from outbox_event where id = any($1)")
                                    .execute(Tuple.of(ids.toArray(Long[]::new))))
                            .replaceWith(ids.size());
                });
    }

    private static Message<String> toMessage(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("event-type", row.getString("event_type").getBytes(StandardCharsets.UTF_8));
        String reason = row.getString("dead_letter_reason");
        if (reason != null) {
            headers.add(InboundEvents.DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .withHeaders(headers)
                .build();
        return Message.of(row.getString("payload")).addMetadata(metadata);
    }
}
