package io.backupcenter.kit.outbox;

import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

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
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "an outbox event must be added inside the transaction of the change it announces"))
                .chain(tx -> {
                    OutboxRecord record = new OutboxRecord();
                    record.eventId = event.eventId();
                    record.topic = topic;
                    record.key = event.key();
                    record.type = JdbcOutbox.typeOf(event);
                    record.payload = EventJson.write(event);
                    record.createdAt = clock.instant();
                    return record.persist();
                })
                .replaceWithVoid();
    }
}
