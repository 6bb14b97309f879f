package io.backupcenter.kit.messaging;

import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.kit.Failures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One consumed channel of a service ({@link InboundEvents#channel}). {@link #handle} reads a record as an event and
 * applies its effect exactly once; retries while a dependency such as PostgreSQL is down or when another transaction
 * changed the same entity first; parks the record (per key, in the database) when the effect reports a
 * {@link DependencyMissing}, so that records of other keys go on; and sends a malformed or rejected record to the
 * dead-letter topic with the reason. It never stops the consumer and no record waits for ever: a parked record is
 * applied by {@link ParkedEventRetrier} when its dependency has arrived, or dead-lettered after
 * {@code backup-center.parked.dead-letter-after} (15 minutes).
 */
public final class InboundChannel<E extends Event> {

    private static final Logger LOG = Logger.getLogger(InboundChannel.class);
    private static final int ATTEMPTS_FOR_UNEXPECTED_FAILURES = 4;
    /**
     * Another event of the same entity committed first (its version moved, or it inserted the same row): applied again
     * on fresh data, as often as that happens.
     */
    private static final int ATTEMPTS_FOR_CONCURRENT_UPDATES = 50;

    /** What became of one attempt to apply a record. */
    public enum Outcome {
        /** Its effect is done (now). */
        APPLIED,
        /** Its effect had been done before (a redelivery). */
        DUPLICATE,
        /** It waits in {@code parked_event} for a dependency, or behind an earlier record of its key. */
        PARKED,
        /** It could not be applied now and was not parked (a direct delivery: its Kafka record will be). */
        NOT_NOW,
        /** Dead-lettered with its reason. */
        DEAD_LETTERED
    }

    private final InboundEvents events;
    private final String name;
    private final String topic;
    private final String consumer;
    private final Class<E> type;
    /** The effect of a transactional channel (null for a blocking one). */
    private final Function<E, Uni<Void>> effect;
    /** The effect of a blocking channel (null for a transactional one). */
    private final Consumer<E> blockingEffect;
    private final Rejections<E> rejections;
    private final Counter deadLettered;
    private final Counter parkedCount;
    /** How many records of the channel are parked now, as {@link ParkedEventRetrier} last counted. */
    private final AtomicLong parkedNow = new AtomicLong();

    InboundChannel(InboundEvents events, String name, String topic, String consumer, Class<E> type,
            Function<E, Uni<Void>> effect, Consumer<E> blockingEffect, Rejections<E> rejections) {
        this.events = events;
        this.name = name;
        this.topic = topic;
        this.consumer = consumer;
        this.type = type;
        this.effect = effect;
        this.blockingEffect = blockingEffect;
        this.rejections = rejections;
        this.deadLettered = Counter.builder("backup_center.events.dead_lettered")
                .description("Records a consumer sent to its dead-letter topic, with the reason")
                .tag("consumer", consumer).tag("topic", topic).register(events.metrics);
        this.parkedCount = Counter.builder("backup_center.events.parkings")
                .description("Records a consumer parked because a dependency was missing")
                .tag("consumer", consumer).tag("topic", topic).register(events.metrics);
        Gauge.builder("backup_center.events.parked", parkedNow, AtomicLong::get)
                .description("Records a consumer holds parked now, waiting for a dependency")
                .tag("consumer", consumer).tag("topic", topic).strongReference(true)
                .register(events.metrics);
    }

    /** Records how many records of the channel are parked now. */
    void parkedNow(long count) {
        parkedNow.set(count);
    }

    /** The channel's name (its {@code @Incoming}). */
    public String name() {
        return name;
    }

    /** The topic it reads. */
    public String topic() {
        return topic;
    }

    /** The name under which it records processed and parked events: {@code <service>.<channel>}. */
    public String consumer() {
        return consumer;
    }

    /**
     * Handles one record of the channel (whose failure strategy is {@code dead-letter-queue}); acknowledges it once
     * applied, parked or a duplicate, nacks it (to the dead-letter topic) when rejected.
     */
    public Uni<Void> handle(Message<String> message) {
        Executor onOwnContext = events.ownContext();
        String payload = message.getPayload();
        E event;
        try {
            event = EventJson.read(payload, type);
        } catch (MalformedEventException e) {
            return reject(message, null, e, onOwnContext);
        }
        String key = keyOf(message, event);
        return withRetries(attempt(event, key, payload, true), event, onOwnContext)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        return acknowledge(message);
                    }
                    MalformedEventException reason = failure instanceof MalformedEventException malformed ? malformed
                            : new MalformedEventException("processing failed " + ATTEMPTS_FOR_UNEXPECTED_FAILURES
                                    + " times (see the log of " + consumer + ", event " + event.eventId() + ")",
                                    failure);
                    if (!(failure instanceof MalformedEventException)) {
                        LOG.errorf(failure, "%s: %s %s failed %d times", consumer, event.getClass().getSimpleName(),
                                event.eventId(), ATTEMPTS_FOR_UNEXPECTED_FAILURES);
                    }
                    return reject(message, event, reason, onOwnContext);
                });
    }

    /**
     * Handles one record of a blocking channel on the calling (worker) thread: the effect runs here, and the record is
     * acknowledged when it returned, parked when it reported a {@link DependencyMissing}, and dead-lettered with the
     * reason when it failed otherwise (the effect retries what a database outage interrupts by itself).
     */
    public CompletionStage<Void> handleBlocking(Message<String> message) {
        E event;
        try {
            event = EventJson.read(message.getPayload(), type);
        } catch (MalformedEventException e) {
            return reject(message, null, e, events.ownContext()).subscribeAsCompletionStage();
        }
        try {
            blockingEffect.accept(event);
        } catch (DependencyMissing missing) {
            LOG.infof("%s: %s %s is parked: %s", consumer, event.getClass().getSimpleName(), event.eventId(),
                    missing.getMessage());
            return park(event, keyOf(message, event), message.getPayload(), missing.getMessage())
                    .runSubscriptionOn(events.ownContext())
                    .onFailure(Failures::isTransient).retry()
                    .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                    .chain(() -> acknowledge(message))
                    .subscribeAsCompletionStage();
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "%s: %s %s failed", consumer, event.getClass().getSimpleName(), event.eventId());
            return reject(message, event, new MalformedEventException("processing failed: "
                    + Failures.describe(failure), failure), events.ownContext()).subscribeAsCompletionStage();
        }
        return acknowledge(message).subscribeAsCompletionStage();
    }

    /** How a record held past its handling ends ({@link #handleDeferred}). */
    public interface Settlement {

        /** The record's work is done: it is acknowledged. */
        void done();

        /** The record's work failed for good: it goes to the dead-letter topic with the reason. */
        void failed(Throwable failure);
    }

    /**
     * For a consumer that holds records past their handling (the snapshot worker's queue of backups): reads the record
     * (a malformed one is dead-lettered at once), then hands the event to {@code take} with the {@link Settlement}
     * that acknowledges or dead-letters it later, when its work has ended. Answers what {@code take} answers (when
     * the record was admitted).
     */
    public CompletionStage<Void> handleDeferred(Message<String> message,
            java.util.function.BiFunction<E, Settlement, CompletionStage<Void>> take) {
        E event;
        try {
            event = EventJson.read(message.getPayload(), type);
        } catch (MalformedEventException e) {
            return reject(message, null, e, events.ownContext()).subscribeAsCompletionStage();
        }
        return take.apply(event, new Settlement() {
            @Override
            public void done() {
                acknowledge(message).subscribe().with(ignored -> { }, f -> LOG.warnf("%s: cannot acknowledge: %s",
                        consumer, Failures.describe(f)));
            }

            @Override
            public void failed(Throwable failure) {
                reject(message, event, new MalformedEventException("processing failed: " + Failures.describe(failure),
                        failure), events.ownContext()).subscribe().with(ignored -> { }, f -> { });
            }
        });
    }

    private Uni<Void> acknowledge(Message<String> message) {
        events.progress.advanced(name);
        return Uni.createFrom().completionStage(message.ack());
    }

    private static String keyOf(Message<String> message, Event event) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : String.valueOf(m.getKey()))
                .orElse(event.key());
    }

    /**
     * Reads {@code payload} as this channel's event.
     *
     * @throws MalformedEventException when it is not one
     */
    public void check(String payload) {
        EventJson.read(payload, type);
    }

    /**
     * Applies an event another service delivered directly, right after the transaction that announced it committed
     * (its Kafka record follows and is then a duplicate). Nothing is parked or dead-lettered here: when it cannot be
     * applied now, the answer is {@link Outcome#NOT_NOW} and its Kafka record takes the usual way.
     *
     * @throws MalformedEventException when {@code payload} is not such an event
     */
    public Uni<Outcome> applyDirect(String payload) {
        E event = EventJson.read(payload, type);
        return attempt(event, event.key(), payload, false)
                .runSubscriptionOn(events.ownContext())
                .onFailure(InboundChannel::isConcurrentChange).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(ATTEMPTS_FOR_CONCURRENT_UPDATES)
                .onFailure(f -> !(f instanceof MalformedEventException)).invoke(f -> LOG.debugf(
                        "%s: a directly delivered %s is left to its Kafka record: %s", consumer,
                        event.getClass().getSimpleName(), Failures.describe(f)))
                .onFailure(f -> !(f instanceof MalformedEventException)).recoverWithItem(Outcome.NOT_NOW);
    }

    /**
     * One attempt at a record: skipped when processed before, parked behind an earlier parked record of its key, else
     * applied (with its event id recorded, in one transaction for a transactional channel). A missing dependency parks
     * it when {@code mayPark}.
     */
    private Uni<Outcome> attempt(E event, String key, String payload, boolean mayPark) {
        Uni<Outcome> once = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> events.parked
                .hasParked(consumer, key)
                .chain(waiting -> waiting
                        ? events.processed.isRecorded(consumer, event.eventId()).chain(done -> done
                                ? Uni.createFrom().item(Outcome.DUPLICATE) : behind(event, key, payload, mayPark))
                        : events.processed.recordFirst(consumer, event.eventId()).chain(first -> first
                                ? effect.apply(event).replaceWith(Outcome.APPLIED)
                                : Uni.createFrom().item(Outcome.DUPLICATE)))));
        return once.onFailure(DependencyMissing.class).recoverWithUni(missing -> {
            if (!mayPark) {
                return Uni.createFrom().item(Outcome.NOT_NOW);
            }
            LOG.infof("%s: %s %s is parked: %s", consumer, event.getClass().getSimpleName(), event.eventId(),
                    missing.getMessage());
            return park(event, key, payload, missing.getMessage());
        });
    }

    private Uni<Outcome> behind(E event, String key, String payload, boolean mayPark) {
        if (!mayPark) {
            return Uni.createFrom().item(Outcome.NOT_NOW);
        }
        LOG.infof("%s: %s %s waits behind an earlier parked record of %s", consumer,
                event.getClass().getSimpleName(), event.eventId(), key);
        parkedCount.increment();
        Instant now = events.clock.instant();
        return events.parked.park(consumer, key, topic, event.eventId(), payload,
                        "waits behind an earlier record of " + key + " that is parked", now,
                        now.plus(events.parkedRetry))
                .replaceWith(Outcome.PARKED);
    }

    private Uni<Outcome> park(E event, String key, String payload, String reason) {
        parkedCount.increment();
        Instant now = events.clock.instant();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> events.parked.park(consumer, key, topic,
                        event.eventId(), payload, reason, now, now.plus(events.parkedRetry))))
                .replaceWith(Outcome.PARKED);
    }

    private Uni<Outcome> withRetries(Uni<Outcome> attempt, E event, Executor onOwnContext) {
        return attempt.runSubscriptionOn(onOwnContext)
                .onFailure(Failures::isTransient).invoke(f -> LOG.warnf("%s: %s %s waits for a dependency: %s",
                        consumer, event.getClass().getSimpleName(), event.eventId(), Failures.describe(f)))
                .onFailure(Failures::isTransient).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .onFailure(InboundChannel::isConcurrentChange).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(ATTEMPTS_FOR_CONCURRENT_UPDATES)
                .onFailure(f -> !(f instanceof MalformedEventException)).retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .atMost(ATTEMPTS_FOR_UNEXPECTED_FAILURES - 1);
    }

    /**
     * Retries the parked record {@code head} (the first of its key): applied and forgotten when its dependency is
     * there now; else postponed with back-off, or dead-lettered with its reason once it has waited longer than the
     * bound. Another instance retrying the same record at the same moment makes this a no-op (null).
     */
    Uni<Outcome> retryParked(ParkedEvents.Parked head) {
        Uni<Outcome> attempt = effect != null
                ? Uni.createFrom().deferred(() -> Panache.withTransaction(() -> events.parked.lockHead(head.id())
                        .chain(locked -> {
                            if (locked == null) {
                                return Uni.createFrom().nullItem();
                            }
                            E event = EventJson.read(locked.payload(), type);
                            return events.processed.recordFirst(consumer, event.eventId())
                                    .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem())
                                    .chain(() -> events.parked.remove(locked.id()))
                                    .replaceWith(Outcome.APPLIED);
                        })))
                // A blocking effect runs on a worker thread, outside any transaction (it keeps its own, and is
                // idempotent: should two instances retry the record at once, it is applied twice to the same end).
                : Uni.createFrom().item(() -> {
                            blockingEffect.accept(EventJson.read(head.payload(), type));
                            return Outcome.APPLIED;
                        })
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .emitOn(events.ownContext())
                        .call(() -> Panache.withTransaction(() -> events.parked.remove(head.id())));
        return attempt
                .runSubscriptionOn(events.ownContext())
                .onFailure(InboundChannel::isConcurrentChange).retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(ATTEMPTS_FOR_CONCURRENT_UPDATES)
                .onItem().ifNotNull().invoke(outcome -> {
                    LOG.infof("%s: parked record %s of %s applied after %s", consumer, head.eventId(), head.key(),
                            Duration.between(head.parkedAt(), events.clock.instant()));
                    events.progress.advanced(name);
                })
                .onFailure().recoverWithUni(failure -> {
                    // A dependency that is down (the database, another service) delays the record, with back-off;
                    // it is not the record's fault, so it does not count towards dead-lettering it.
                    boolean transientFailure = Failures.isTransient(failure);
                    boolean missing = failure instanceof DependencyMissing;
                    String reason = missing || failure instanceof MalformedEventException ? failure.getMessage()
                            : transientFailure ? "waits for a dependency that is down: " + Failures.describe(failure)
                            : "processing failed (see the log of " + consumer + ", event " + head.eventId() + ")";
                    Instant now = events.clock.instant();
                    boolean give = !transientFailure && (failure instanceof MalformedEventException
                            || !now.isBefore(head.parkedAt().plus(events.parkedFor))
                            || (!missing && head.attempts() + 1 >= ATTEMPTS_FOR_UNEXPECTED_FAILURES));
                    if (!missing && !transientFailure && !(failure instanceof MalformedEventException)) {
                        LOG.warnf(failure, "%s: parked record %s failed", consumer, head.eventId());
                    }
                    Uni<Outcome> next = give
                            ? deadLetterParked(head, missing ? "waited " + events.parkedFor + " for a dependency that "
                                    + "did not arrive: " + reason : reason)
                            : Uni.createFrom().deferred(() -> Panache.withTransaction(() -> events.parked
                                    .postpone(head.id(), reason, now.plus(backOff(head.attempts())))))
                                    .replaceWith(Outcome.PARKED);
                    return next.runSubscriptionOn(events.ownContext());
                });
    }

    private static boolean isConcurrentChange(Throwable failure) {
        return Failures.isConcurrentUpdate(failure) || Failures.isUniqueViolation(failure);
    }

    private Duration backOff(int attempts) {
        Duration wait = events.parkedRetry.multipliedBy(1L << Math.min(attempts + 1, 16));
        return wait.compareTo(InboundEvents.PARKED_RETRY_CAP) > 0 ? InboundEvents.PARKED_RETRY_CAP : wait;
    }

    /** Sends a parked record to the dead-letter topic (through the outbox) with its reason, and records it. */
    private Uni<Outcome> deadLetterParked(ParkedEvents.Parked head, String reason) {
        E event = readOrNull(head.payload());
        LOG.warnf("%s: parked record %s of %s goes to the dead-letter topic: %s", consumer, head.eventId(),
                head.key(), reason);
        // Deferred: Panache binds its session to the Vert.x context it is assembled on, which must be the one it runs on.
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> events.parked.remove(head.id())
                        .chain(removed -> !removed ? Uni.createFrom().item(false)  // another instance handled it
                                : events.outbox.deadLetter(events.deadLetterTopicOf(name, topic), head.key(),
                                                head.eventId(), head.payload(), reason)
                                        .chain(() -> rejections.record(head.payload(), event, reason))
                                        .replaceWith(true))))
                .invoke(done -> {
                    if (done) {
                        deadLettered.increment();
                    }
                })
                .replaceWith(Outcome.DEAD_LETTERED);
    }

    private E readOrNull(String payload) {
        try {
            return EventJson.read(payload, type);
        } catch (MalformedEventException e) {
            return null;
        }
    }

    /** Records the rejection (once per record), then sends the record to the dead-letter topic. */
    private Uni<Void> reject(Message<String> message, E event, MalformedEventException reason, Executor onOwnContext) {
        UUID recordId = event != null ? event.eventId()
                : UUID.nameUUIDFromBytes(String.valueOf(message.getPayload()).getBytes(StandardCharsets.UTF_8));
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> events.processed
                        .recordFirst(consumer + ".rejected", recordId)
                        .chain(first -> first
                                ? rejections.record(message.getPayload(), event, reason.getMessage())
                                : Uni.createFrom().voidItem())))
                .runSubscriptionOn(onOwnContext)
                .onFailure(Failures::isTransient).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .onFailure().invoke(f -> LOG.errorf(f, "%s: cannot record a rejection", consumer))
                .onFailure().recoverWithNull()
                .chain(() -> deadLetter(message, reason));
    }

    private Uni<Void> deadLetter(Message<String> message, MalformedEventException reason) {
        String where = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                .orElse("record");
        LOG.warnf("%s goes to the dead-letter topic: %s", where, reason.getMessage());
        deadLettered.increment();
        events.progress.advanced(name);
        return Uni.createFrom().completionStage(message.nack(reason));
    }
}
