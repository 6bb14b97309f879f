package io.backupcenter.worker.datapath.restore;

import io.backupcenter.worker.datapath.backup.BackupCancelledException;
import io.backupcenter.worker.datapath.backup.BackupEngine;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;
import io.backupcenter.worker.datapath.manifest.DiskManifest;
import io.backupcenter.worker.datapath.manifest.ManifestStore;
import io.backupcenter.worker.datapath.store.ChunkIndex;
import io.backupcenter.worker.datapath.store.ChunkLocation;
import io.backupcenter.worker.datapath.store.ObjectStore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Rebuilds a disk image from the vault tier: each sealed group read from its pack (neighbouring groups in one read),
 * authenticated and decompressed, and every chunk checked against its id before it is written; chunks of zeros left
 * as holes. The
 * image is written beside the target and moved into place only when complete, so a damaged chunk fails the restore
 * with an error that names it and never leaves a wrong disk.
 */
public final class RestoreEngine {

    /** How far a restore has got. */
    public interface Progress {
        void advanced(long bytesWritten);
    }

    /** Reads closer than this in one pack are merged into one read. */
    private static final int MERGE_GAP = 1 << 20;

    private final ObjectStore store;
    private final ChunkIndex index;
    private final ChunkCodec codec;
    private final ExecutorService pool;
    private final int segmentChunks;
    private final int segmentsInFlight;

    public RestoreEngine(ObjectStore store, ChunkIndex index, ChunkCodec codec, ExecutorService pool,
            int segmentChunks, int segmentsInFlight) {
        this.store = store;
        this.index = index;
        this.codec = codec;
        this.pool = pool;
        this.segmentChunks = segmentChunks;
        this.segmentsInFlight = segmentsInFlight;
    }

    /** The manifest of a recovery point's disk, checked against the digest the recovery point recorded. */
    public DiskManifest manifest(String recoveryPointId, String disk, String expectedDigest) throws IOException {
        return new ManifestStore(store, codec).load(recoveryPointId, disk, expectedDigest);
    }

    /** Writes the disk of {@code manifest} to {@code target} (replacing it only once complete and checked). */
    public void restore(DiskManifest manifest, Path target, Progress progress, BooleanSupplier cancelled)
            throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".restoring");
        try {
            try (RandomAccessFile file = new RandomAccessFile(partial.toFile(), "rw")) {
                file.setLength(0);
                file.setLength(manifest.sizeBytes());
                writeChunks(manifest, file.getChannel(), progress, cancelled);
                file.getChannel().force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /** What a verification read. */
    public record Verified(long chunks, long bytes) {
    }

    /**
     * Reads back every chunk of {@code manifest} that is not in {@code verified} — from the vault, decrypted and
     * checked against its hash, as a restore would — and adds it there; writes nothing. A chunk that is missing or
     * damaged is a {@link DamagedDataException} naming it.
     */
    public Verified verify(DiskManifest manifest, Set<ChunkId> verified) throws IOException {
        List<ChunkId> unread = manifest.chunks().stream()
                .filter(id -> !id.equals(ChunkId.ZERO) && !verified.contains(id))
                .distinct()
                .toList();
        GroupCache cache = new GroupCache();
        long bytes = 0;
        for (int from = 0; from < unread.size(); from += segmentChunks) {
            List<ChunkId> batch = unread.subList(from, Math.min(unread.size(), from + segmentChunks));
            Map<ChunkId, ChunkLocation> locations = index.find(new HashSet<>(batch));
            Map<ChunkLocation.GroupRef, List<ChunkId>> byGroup = new TreeMap<>(
                    Comparator.comparing(ChunkLocation.GroupRef::pack).thenComparingLong(ChunkLocation.GroupRef::offset));
            for (ChunkId id : batch) {
                byGroup.computeIfAbsent(located(locations, id, manifest).group(), g -> new ArrayList<>()).add(id);
            }
            Map<ChunkLocation.GroupRef, byte[]> plain = openGroups(new ArrayList<>(byGroup.keySet()), cache);
            for (Map.Entry<ChunkLocation.GroupRef, List<ChunkId>> group : byGroup.entrySet()) {
                byte[] opened = plain.get(group.getKey());
                for (ChunkId id : group.getValue()) {
                    ChunkLocation at = locations.get(id);
                    checkHash(opened, at, id);
                    bytes += at.chunkLength();
                    verified.add(id);
                }
            }
        }
        return new Verified(unread.size(), bytes);
    }

    private void writeChunks(DiskManifest manifest, FileChannel out, Progress progress, BooleanSupplier cancelled)
            throws IOException {
        List<ChunkId> chunks = manifest.chunks();
        ArrayDeque<Future<Long>> inflight = new ArrayDeque<>();
        GroupCache cache = new GroupCache();
        long written = 0;
        try {
            for (int start = 0; start < chunks.size() || !inflight.isEmpty(); ) {
                while (start < chunks.size() && inflight.size() < segmentsInFlight) {
                    if (cancelled.getAsBoolean()) {
                        throw new BackupCancelledException();
                    }
                    int from = start;
                    int to = Math.min(chunks.size(), start + segmentChunks);
                    inflight.add(pool.submit(() -> writeSegment(manifest, from, to, out, cache)));
                    start = to;
                }
                written += await(inflight.removeFirst());
                progress.advanced(written);
            }
        } finally {
            inflight.forEach(f -> f.cancel(true));
        }
    }

    /** Writes chunks [from, to) of the manifest; returns the bytes it covered. */
    private long writeSegment(DiskManifest manifest, int from, int to, FileChannel out, GroupCache cache)
            throws IOException {
        List<ChunkId> chunks = manifest.chunks();
        int chunkSize = manifest.chunkSize();
        HashSet<ChunkId> wanted = new HashSet<>();
        for (int i = from; i < to; i++) {
            if (!chunks.get(i).equals(ChunkId.ZERO)) {
                wanted.add(chunks.get(i));
            }
        }
        Map<ChunkId, ChunkLocation> locations = wanted.isEmpty() ? Map.of() : index.find(wanted);
        Map<ChunkLocation.GroupRef, List<Integer>> byGroup = new TreeMap<>(
                Comparator.comparing(ChunkLocation.GroupRef::pack).thenComparingLong(ChunkLocation.GroupRef::offset));
        for (int i = from; i < to; i++) {
            ChunkId id = chunks.get(i);
            if (id.equals(ChunkId.ZERO)) {
                continue;
            }
            byGroup.computeIfAbsent(located(locations, id, manifest).group(), g -> new ArrayList<>()).add(i);
        }
        Map<ChunkLocation.GroupRef, byte[]> plain = openGroups(new ArrayList<>(byGroup.keySet()), cache);
        for (Map.Entry<ChunkLocation.GroupRef, List<Integer>> group : byGroup.entrySet()) {
            byte[] bytes = plain.get(group.getKey());
            for (int i : group.getValue()) {
                ChunkId id = chunks.get(i);
                ChunkLocation at = locations.get(id);
                checkHash(bytes, at, id);
                ByteBuffer buffer = ByteBuffer.wrap(bytes, at.chunkOffset(), at.chunkLength());
                long offset = (long) i * chunkSize;
                while (buffer.hasRemaining()) {
                    out.write(buffer, offset + buffer.position() - at.chunkOffset());
                }
            }
        }
        long segmentStart = (long) from * chunkSize;
        return Math.min(manifest.sizeBytes(), (long) to * chunkSize) - segmentStart;
    }

    /** Where chunk {@code id} of the manifest's disk is stored; missing from the index is damage. */
    private static ChunkLocation located(Map<ChunkId, ChunkLocation> locations, ChunkId id, DiskManifest manifest)
            throws DamagedDataException {
        ChunkLocation location = locations.get(id);
        if (location == null) {
            throw new DamagedDataException("chunk " + id.hex() + " of disk '" + manifest.disk()
                    + "' is missing from the vault");
        }
        return location;
    }

    /** The chunk's bytes in its opened group hash to its id, or it is damaged. */
    private static void checkHash(byte[] group, ChunkLocation at, ChunkId id) throws DamagedDataException {
        if (at.chunkOffset() + at.chunkLength() > group.length
                || !ChunkId.of(group, at.chunkOffset(), at.chunkLength()).equals(id)) {
            throw new DamagedDataException("chunk " + id.hex() + " at " + at.pack() + "@" + at.offset()
                    + " does not match its hash");
        }
    }

    /** The plain bytes of each group: from the cache, else read (neighbours in one read) and opened. */
    private Map<ChunkLocation.GroupRef, byte[]> openGroups(List<ChunkLocation.GroupRef> groups, GroupCache cache)
            throws IOException {
        Map<ChunkLocation.GroupRef, byte[]> opened = new HashMap<>();
        List<ChunkLocation.GroupRef> missing = new ArrayList<>();
        for (ChunkLocation.GroupRef group : groups) {
            byte[] cached = cache.get(group);
            if (cached != null) {
                opened.put(group, cached);
            } else {
                missing.add(group);
            }
        }
        int k = 0;
        while (k < missing.size()) {
            ChunkLocation.GroupRef first = missing.get(k);
            int end = k + 1;
            long rangeEnd = first.offset() + first.length();
            while (end < missing.size()) {
                ChunkLocation.GroupRef next = missing.get(end);
                if (!next.pack().equals(first.pack()) || next.offset() - rangeEnd > MERGE_GAP) {
                    break;
                }
                rangeEnd = Math.max(rangeEnd, next.offset() + next.length());
                end++;
            }
            byte[] range = store.read(first.pack(), first.offset(), (int) (rangeEnd - first.offset()));
            for (int j = k; j < end; j++) {
                ChunkLocation.GroupRef group = missing.get(j);
                byte[] bytes = codec.open(range, (int) (group.offset() - first.offset()), group.length(),
                        BackupEngine.GROUP_LABEL, group.pack() + "@" + group.offset());
                opened.put(group, bytes);
                cache.put(group, bytes);
            }
            k = end;
        }
        return opened;
    }

    /** The last few groups opened, shared by a restore's segments (a group may hold chunks of several). */
    private static final class GroupCache {
        private final Map<ChunkLocation.GroupRef, byte[]> groups = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ChunkLocation.GroupRef, byte[]> eldest) {
                return size() > 16;
            }
        };

        synchronized byte[] get(ChunkLocation.GroupRef group) {
            return groups.get(group);
        }

        synchronized void put(ChunkLocation.GroupRef group, byte[] bytes) {
            groups.put(group, bytes);
        }
    }

    private static long await(Future<Long> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("restore interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
