package io.backupcenter.kit.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The event ids each consumer has processed, written in the same transaction as the effect of the event. */
@ApplicationScoped
public class ProcessedEventLog {

    private final Clock clock;

    ProcessedEventLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records that {@code consumer} processes {@code eventId}; true the first time, false for a redelivery. Must run in
     * the transaction of the effect, so that a rolled-back effect is not recorded as done.
     */
    public Uni<Boolean> recordFirst(String consumer, UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, ?3) "
                                + "on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, clock.instant())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Whether {@code consumer} has processed {@code eventId} (within the log's retention). */
    public Uni<Boolean> isRecorded(String consumer, UUID eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from processed_event where consumer = ?1 and event_id = ?2", Long.class)
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /** Forgets ids older than {@code age}; redeliveries come within minutes, not weeks. */
    public Uni<Integer> prune(Duration age) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from processed_event where processed_at < ?1")
                .setParameter(1, clock.instant().minus(age))
                .executeUpdate()));
    }
}
