package io.backupcenter.contracts;

/** Checks used by event records' constructors, so that a record missing a field never exists. */
public final class Require {

    private Require() {
    }

    /** {@code value}, or a {@link MalformedEventException} naming the missing field. */
    public static <T> T field(T value, String name) {
        if (value == null) {
            throw new MalformedEventException("field '" + name + "' is required");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new MalformedEventException("field '" + name + "' must not be blank");
        }
        return value;
    }

    /** A schema version this code can read, else a {@link MalformedEventException}. */
    public static int schemaVersion(int version, int supported) {
        if (version == 0) {
            throw new MalformedEventException("field 'schemaVersion' is required");
        }
        if (version != supported) {
            throw new MalformedEventException("schemaVersion " + version + " is not supported (expected " + supported + ")");
        }
        return version;
    }
}
