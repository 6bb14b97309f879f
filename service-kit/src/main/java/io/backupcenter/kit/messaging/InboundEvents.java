package io.backupcenter.kit.messaging;

import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.kit.Failures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The consuming half of the event plumbing. {@link #handle} reads a record as an event, applies its effect exactly
 * once (the event id is recorded in the effect's transaction), retries while a dependency is down or when another
 * transaction changed the same entity first (entities with a version), and sends a malformed or rejected record to
 * the channel's dead-letter topic with the reason. It never stops the consumer.
 */
@ApplicationScoped
public class InboundEvents {

    private static final Logger LOG = Logger.getLogger(InboundEvents.class);
    private static final int ATTEMPTS_FOR_UNEXPECTED_FAILURES = 4;
    /** Another event of the same entity committed first: applied again on fresh data, as often as that happens. */
    private static final int ATTEMPTS_FOR_CONCURRENT_UPDATES = 50;

    private final Vertx vertx;
    private final ProcessedEventLog processed;

    InboundEvents(Vertx vertx, ProcessedEventLog processed) {
        this.vertx = vertx;
        this.processed = processed;
    }

    /**
     * Handles one record of a channel whose failure strategy is {@code dead-letter-queue}; acknowledges or
     * nacks it. {@code consumer} names the effect in the processed-event log (one name per service and topic).
     */
    public <E extends Event> Uni<Void> handle(Message<String> message, Class<E> type, String consumer,
            Function<E, Uni<Void>> effect) {
        return handle(message, type, consumer, effect, Rejections.none());
    }

    /**
     * As {@link #handle(Message, Class, String, Function)}, and records each rejection with {@code rejections} (in
     * its own transaction, once per record) before the record goes to the dead-letter topic.
     */
    public <E extends Event> Uni<Void> handle(Message<String> message, Class<E> type, String consumer,
            Function<E, Uni<Void>> effect, Rejections<E> rejections) {
        Executor onOwnContext = ownContext();
        E event;
        try {
            event = EventJson.read(message.getPayload(), type);
        } catch (MalformedEventException e) {
            return reject(message, null, e, consumer, rejections, onOwnContext);
        }
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> processed.recordFirst(consumer, event.eventId())
                        .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem())))
                .runSubscriptionOn(onOwnContext)
                .onFailure(Failures::isTransient).invoke(f -> LOG.warnf("%s: %s %s waits for a dependency: %s",
                        consumer, event.getClass().getSimpleName(), event.eventId(), Failures.describe(f)))
                .onFailure(Failures::isTransient).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .onFailure(Failures::isConcurrentUpdate).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(ATTEMPTS_FOR_CONCURRENT_UPDATES)
                .onFailure(f -> !(f instanceof MalformedEventException)).retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(ATTEMPTS_FOR_UNEXPECTED_FAILURES - 1)
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (failure instanceof MalformedEventException rejected) {
                        return reject(message, event, rejected, consumer, rejections, onOwnContext);
                    }
                    LOG.errorf(failure, "%s: %s %s failed %d times", consumer, event.getClass().getSimpleName(),
                            event.eventId(), ATTEMPTS_FOR_UNEXPECTED_FAILURES);
                    return reject(message, event, new MalformedEventException("processing failed "
                                    + ATTEMPTS_FOR_UNEXPECTED_FAILURES + " times: " + Failures.describe(failure), failure),
                            consumer, rejections, onOwnContext);
                });
    }

    /** Records the rejection (once per record), then sends the record to the dead-letter topic. */
    private <E extends Event> Uni<Void> reject(Message<String> message, E event, MalformedEventException reason,
            String consumer, Rejections<E> rejections, Executor onOwnContext) {
        UUID recordId = event != null ? event.eventId()
                : UUID.nameUUIDFromBytes(String.valueOf(message.getPayload()).getBytes(StandardCharsets.UTF_8));
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> processed
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
        return Uni.createFrom().completionStage(message.nack(reason));
    }

    /** A fresh duplicated Vert.x context, safe for Hibernate Reactive, that every retry of one record runs on. */
    private Executor ownContext() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return command -> context.runOnContext(ignored -> command.run());
    }
}
