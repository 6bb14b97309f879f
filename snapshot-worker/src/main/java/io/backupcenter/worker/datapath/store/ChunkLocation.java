package io.backupcenter.worker.datapath.store;

/**
 * Where a chunk lies: in the sealed group of {@code length} bytes at {@code offset} of pack object {@code pack}, at
 * {@code chunkOffset} of the group's plain bytes, {@code chunkLength} long.
 */
public record ChunkLocation(String pack, long offset, int length, int chunkOffset, int chunkLength) {

    /** The sealed group this chunk lies in. */
    public GroupRef group() {
        return new GroupRef(pack, offset, length);
    }

    /** A sealed group in a pack. */
    public record GroupRef(String pack, long offset, int length) {
    }
}
