package io.backupcenter.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event carries besides its own fields. The JSON form also has {@code type}, the record's
 * {@code @JsonTypeName}, written and read by {@link EventJson}.
 */
public interface Event {

    /** Unique per event; consumers record it to process each event once. */
    UUID eventId();

    /** When the change the event announces happened. */
    Instant occurredAt();

    /** Version of the event's shape; consumers accept the versions they know. */
    int schemaVersion();

    /** The Kafka record key: the id of the entity the event is about, so its events stay in order. */
    String key();
}
