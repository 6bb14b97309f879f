package io.backupcenter.kit.outbox;

import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * Where services put the events their state changes announce. {@link #add} joins the caller's transaction: the event
 * is published if and only if the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    private final Clock clock;

    Outbox(Clock clock) {
        this.clock = clock;
    }

    /** Queues {@code event} for {@code topic}, keyed by {@link Event#key()}. Must run inside a transaction. */
    public Uni<Void> add(String topic, Event event) {
        return persist(event.eventId(), topic, event.key(), JdbcOutbox.typeOf(event), EventJson.write(event), null)
                .invoke(() -> DirectDelivery.Pending.note(topic, event));
    }

    /**
     * Queues a record that its consumer could not apply for {@code deadLetterTopic}, as it came ({@code payload}),
     * with {@code reason} in its {@code dead-letter-reason} header. Must run inside a transaction.
     */
    public Uni<Void> deadLetter(String deadLetterTopic, String key, UUID eventId, String payload, String reason) {
        return persist(eventId != null ? eventId : UUID.nameUUIDFromBytes(payload.getBytes(StandardCharsets.UTF_8)),
                deadLetterTopic, key, "DeadLetter", payload, reason);
    }

    private Uni<Void> persist(UUID eventId, String topic, String key, String type, String payload, String reason) {
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "an outbox event must be added inside the transaction of the change it announces"))
                .chain(tx -> {
                    OutboxRecord record = new OutboxRecord();
                    record.eventId = eventId;
                    record.topic = topic;
                    record.key = key;
                    record.type = type;
                    record.payload = payload;
                    record.createdAt = clock.instant();
                    record.deadLetterReason = reason;
                    return record.persist();
                })
                .replaceWithVoid();
    }
}
