package io.backupcenter.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.stream.Collectors;

/**
 * The JSON form of every event: ISO-8601 times, no nulls written, unknown fields ignored (a newer producer may add
 * fields), a {@code type} property naming the record. Thread-safe.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Missing fields reach the record's constructor as null (0 for schemaVersion), which names them.
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {
    }

    /** The event (or any contract value) as JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @throws MalformedEventException with a reason a person understands when the text is not such an event
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("the record has no value");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedEventException("the record's value is JSON null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MalformedEventException malformed) {
                throw malformed;
            }
            throw new MalformedEventException(reason(e), e);
        } catch (InvalidTypeIdException e) {
            throw new MalformedEventException("unknown or missing event type"
                    + (e.getTypeId() == null ? "" : " '" + e.getTypeId() + "'"), e);
        } catch (JsonMappingException e) {
            throw new MalformedEventException(reason(e), e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String reason(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" at [Source");
        if (detail > 0) {
            message = message.substring(0, detail);
        }
        return path.isEmpty() ? message : "field '" + path + "': " + message;
    }

    /** The shared mapper, for callers (tests, adapters) that need tree access. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
