package io.backupcenter.worker.datapath;

import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.store.ChunkIndex;
import io.backupcenter.worker.datapath.store.ChunkLocation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A chunk index in memory, for the data path's plain unit tests (production uses JdbcChunkIndex). */
public final class InMemoryChunkIndex implements ChunkIndex {

    private final Map<ChunkId, ChunkLocation> entries = new ConcurrentHashMap<>();

    @Override
    public Map<ChunkId, ChunkLocation> find(Collection<ChunkId> ids) {
        Map<ChunkId, ChunkLocation> found = new HashMap<>();
        for (ChunkId id : ids) {
            ChunkLocation location = entries.get(id);
            if (location != null) {
                found.put(id, location);
            }
        }
        return found;
    }

    @Override
    public void add(List<Entry> added, long packBytes) {
        added.forEach(e -> entries.putIfAbsent(e.id(), e.location()));
    }

    /** How many chunks are indexed. */
    public int size() {
        return entries.size();
    }
}
