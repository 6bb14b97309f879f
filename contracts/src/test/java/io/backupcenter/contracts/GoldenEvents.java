package io.backupcenter.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the golden event files of {@code src/test/resources/events}, the documented shape of each event. */
public final class GoldenEvents {

    private GoldenEvents() {
    }

    /** The text of {@code events/<name>}. */
    public static String text(String name) {
        try (InputStream in = GoldenEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden event file events/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden file as a JSON tree, to compare with what a producer writes. */
    public static JsonNode tree(String name) {
        try {
            return EventJson.mapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
