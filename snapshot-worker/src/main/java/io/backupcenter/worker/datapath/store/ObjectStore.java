package io.backupcenter.worker.datapath.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where a vault tier's objects live: a directory by default, any S3-compatible store by configuration. Objects are
 * written once and whole ({@link #put} is atomic: readers see all of an object or none). Thread-safe.
 */
public interface ObjectStore extends Closeable {

    /** Stores {@code data} under {@code key}, replacing nothing a reader could see half-written. */
    default void put(String key, byte[] data) throws IOException {
        put(key, data, data.length);
    }

    /** Stores the first {@code length} bytes of {@code data} under {@code key}. */
    void put(String key, byte[] data, int length) throws IOException;

    /** The whole object; {@link java.nio.file.NoSuchFileException} when there is none. */
    byte[] get(String key) throws IOException;

    /** {@code length} bytes of the object from {@code offset}. */
    byte[] read(String key, long offset, int length) throws IOException;

    /** Removes the object (nothing when there is none). */
    void delete(String key) throws IOException;

    /** Keys that start with {@code prefix}. */
    List<String> list(String prefix) throws IOException;

    /** A short description for logs and errors (never credentials). */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
