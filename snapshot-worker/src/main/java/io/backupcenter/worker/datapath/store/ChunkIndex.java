package io.backupcenter.worker.datapath.store;

import io.backupcenter.worker.datapath.chunk.ChunkId;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which chunks one vault holds and where. Shared by every worker (in production, a table of the worker database),
 * so dedup spans all disks and VMs of the vault. Entries are added only after their pack is stored. Thread-safe.
 */
public interface ChunkIndex {

    /** A chunk written into a pack: its id and where it lies. */
    record Entry(ChunkId id, ChunkLocation location) {
    }

    /** The locations of those of {@code ids} the vault holds. */
    Map<ChunkId, ChunkLocation> find(Collection<ChunkId> ids) throws IOException;

    /**
     * Records the entries of a stored pack of {@code packBytes} bytes; an id already recorded keeps its first location.
     */
    void add(List<Entry> entries, long packBytes) throws IOException;
}
