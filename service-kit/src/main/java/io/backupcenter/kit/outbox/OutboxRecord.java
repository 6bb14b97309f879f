package io.backupcenter.kit.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An event waiting to be published: written in the same transaction as the state change it announces, deleted by
 * {@link OutboxRelay} once the broker has it. The id orders publication.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String key;

    @Column(name = "event_type", nullable = false)
    public String type;

    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** For a dead letter: why its record was not applied (the {@code dead-letter-reason} header); else null. */
    @Column(name = "dead_letter_reason")
    public String deadLetterReason;
}
