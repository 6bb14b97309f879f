package io.backupcenter.kit.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code parked_event} table: records whose dependency has not arrived, per consumer and key, in arrival order.
 * Every method joins the caller's transaction.
 */
@ApplicationScoped
public class ParkedEvents {

    /** A parked record. */
    public record Parked(long id, String consumer, String key, String topic, UUID eventId, String payload,
            String reason, Instant parkedAt, int attempts) {
    }

    /** Whether {@code consumer} has records of {@code key} parked (a later one of the key must wait behind them). */
    public Uni<Boolean> hasParked(String consumer, String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from parked_event where consumer = ?1 and message_key = ?2", Long.class)
                .setParameter(1, consumer)
                .setParameter(2, key)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /** Parks a record behind any of its key; its first retry comes at {@code retryAt}. */
    public Uni<Void> park(String consumer, String key, String topic, UUID eventId, String payload, String reason,
            Instant now, Instant retryAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into parked_event (consumer, message_key, topic, event_id, payload, reason, parked_at, "
                                + "next_attempt_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, consumer)
                .setParameter(2, key)
                .setParameter(3, topic)
                .setParameter(4, eventId)
                .setParameter(5, payload)
                .setParameter(6, reason)
                .setParameter(7, now)
                .setParameter(8, retryAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The first parked record of each key whose retry is due, oldest first, at most {@code limit}. */
    public Uni<List<Parked>> dueHeads(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select * from (select distinct on (consumer, message_key) id, consumer, message_key, topic, "
                                + "event_id, payload, reason, parked_at, attempts, next_attempt_at from parked_event "
                                + "order by consumer, message_key, id) heads where next_attempt_at <= ?1 "
                                + "order by id limit ?2", Object[].class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList())
                .map(rows -> rows.stream().map(ParkedEvents::parked).toList());
    }

    /**
     * The record, locked until the transaction ends, if it is still the first of its key and no other instance holds
     * it; else null.
     */
    public Uni<Parked> lockHead(long id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, consumer, message_key, topic, event_id, payload, reason, parked_at, attempts, "
                                + "next_attempt_at from parked_event p where id = ?1 and not exists (select 1 from "
                                + "parked_event q where q.consumer = p.consumer and q.message_key = p.message_key "
                                + "and q.id < p.id) for update skip locked", Object[].class)
                .setParameter(1, id)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : parked(rows.get(0)));
    }

    /** The next parked record of the key after {@code id}, or null. */
    public Uni<Parked> next(String consumer, String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, consumer, message_key, topic, event_id, payload, reason, parked_at, attempts, "
                                + "next_attempt_at from parked_event where consumer = ?1 and message_key = ?2 "
                                + "order by id limit 1", Object[].class)
                .setParameter(1, consumer)
                .setParameter(2, key)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : parked(rows.get(0)));
    }

    /** Forgets a record (applied or dead-lettered); false when it was gone already (another instance took it). */
    public Uni<Boolean> remove(long id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from parked_event where id = ?1")
                .setParameter(1, id)
                .executeUpdate())
                .map(removed -> removed == 1);
    }

    /** Records a failed retry: the reason now, and when to try again. */
    public Uni<Void> postpone(long id, String reason, Instant retryAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update parked_event set attempts = attempts + 1, reason = ?2, next_attempt_at = ?3 "
                                + "where id = ?1")
                .setParameter(1, id)
                .setParameter(2, reason)
                .setParameter(3, retryAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** How many records each consumer has parked. */
    public Uni<Map<String, Long>> countByConsumer() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select consumer, count(*) from parked_event group by consumer", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], ((Number) row[1]).longValue());
                    }
                    return counts;
                });
    }

    private static Parked parked(Object[] row) {
        return new Parked(((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3],
                (UUID) row[4], (String) row[5], (String) row[6], instant(row[7]), ((Number) row[8]).intValue());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("not a time: " + value);
    }
}
