package io.backupcenter.worker.datapath.store;

import java.io.IOException;
import java.util.List;

/**
 * A geo-redundant vault's storage: every object written to the primary and to a secondary location; reads come from
 * the primary and fall back to the secondary when the primary cannot answer.
 */
public final class MirroredObjectStore implements ObjectStore {

    private final ObjectStore primary;
    private final ObjectStore secondary;

    public MirroredObjectStore(ObjectStore primary, ObjectStore secondary) {
        this.primary = primary;
        this.secondary = secondary;
    }

    /** The secondary copy, for a restore that finds the primary's data damaged. */
    public ObjectStore secondary() {
        return secondary;
    }

    @Override
    public void put(String key, byte[] data, int length) throws IOException {
        primary.put(key, data, length);
        secondary.put(key, data, length);
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return primary.get(key);
        } catch (IOException primaryFailed) {
            return secondary.get(key);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        try {
            return primary.read(key, offset, length);
        } catch (IOException primaryFailed) {
            return secondary.read(key, offset, length);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        primary.delete(key);
        secondary.delete(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return primary.list(prefix);
    }

    @Override
    public String describe() {
        return primary.describe() + " (mirrored to " + secondary.describe() + ")";
    }

    @Override
    public void close() throws IOException {
        primary.close();
        secondary.close();
    }
}
