package io.backupcenter.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The {@code eventId} of an event from outside producers ({@code vm-events}): like a CloudEvents {@code id}, any
 * non-empty string of at most {@value #MAX_LENGTH} characters. A UUID is taken as it is; any other id stands for the
 * UUID derived from it (name-based), so a redelivered event keeps its identity and is applied once.
 */
public final class OutsideEventId extends StdDeserializer<UUID> {

    public static final int MAX_LENGTH = 200;

    public OutsideEventId() {
        super(UUID.class);
    }

    /** The UUID an outside event id stands for. */
    public static UUID of(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException notAUuid) {
            // any other string: derived below
        }
        return UUID.nameUUIDFromBytes(("event-id:" + id).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (UUID) context.handleUnexpectedToken(UUID.class, parser);
        }
        String id = parser.getText();
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return (UUID) context.handleWeirdStringValue(UUID.class, id,
                    "eventId must be a non-empty string of at most " + MAX_LENGTH + " characters");
        }
        return of(id);
    }
}
