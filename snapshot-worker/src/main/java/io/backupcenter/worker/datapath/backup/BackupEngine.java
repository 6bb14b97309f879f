package io.backupcenter.worker.datapath.backup;

import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.manifest.DiskManifest;
import io.backupcenter.worker.datapath.manifest.ManifestStore;
import io.backupcenter.worker.datapath.source.DiskSource;
import io.backupcenter.worker.datapath.store.ChunkIndex;
import io.backupcenter.worker.datapath.store.ChunkLocation;
import io.backupcenter.worker.datapath.store.ObjectStore;
import io.backupcenter.worker.datapath.store.PackWriter;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * "Transfer data to vault": reads a disk in fixed-size chunks, skips chunks of zeros, identifies each chunk by its
 * SHA-256, stores only the chunks the vault does not hold yet (sealed: zstd, AES-256-GCM) in packs, and returns the
 * disk's manifest. The disk is read sequentially by the calling thread, a segment at a time; hashing, the index
 * lookup and sealing of segments run on {@code pool}, several segments in flight, and their results are taken back
 * in order. Plain Java: no framework.
 */
public final class BackupEngine {

    /** How far a backup has got, reported after each segment. */
    public interface Progress {
        void advanced(long bytesRead, long bytesStored);
    }

    /** What a backup of one disk produced. */
    public record DiskBackup(DiskManifest manifest, String digest, long bytesRead, long bytesStored, long chunks,
            long chunksNew) {
    }

    /** The shape of the pipeline: chunk size, chunks per segment, segments in flight, pack size, zstd level. */
    public record Settings(int chunkSize, int segmentChunks, int segmentsInFlight, int packSize) {

        /** 64 KiB chunks (chosen by benchmark: small enough that scattered writes re-store little), 16 MiB packs. */
        public static Settings defaults(int threads) {
            return new Settings(64 * 1024, 64, Math.max(2, threads * 2), 16 * 1024 * 1024);
        }
    }

    /** The label sealed groups of chunks are bound to. */
    public static final String GROUP_LABEL = "chunk-group";
    private static final ThreadLocal<byte[]> GROUP = ThreadLocal.withInitial(() -> new byte[4 << 20]);

    private final ObjectStore store;
    private final ChunkIndex index;
    private final ChunkCodec codec;
    private final ExecutorService pool;
    private final Executor uploads;
    private final Settings settings;

    /**
     * An engine that processes segments on {@code pool} and stores packs on {@code uploads} (one thread per backup is
     * enough: a pack is stored while the next one fills).
     */
    public BackupEngine(ObjectStore store, ChunkIndex index, ChunkCodec codec, ExecutorService pool, Executor uploads,
            Settings settings) {
        this.store = store;
        this.index = index;
        this.codec = codec;
        this.pool = pool;
        this.uploads = uploads;
        this.settings = settings;
    }

    /** A new backup: one pack writer and one dedup set shared by its disks; every chunk is looked up in the index. */
    public Run start() {
        return new Run(Set.of(), true);
    }

    /**
     * A new backup that knows {@code held} are in the vault already (the chunks of the item's previous recovery point,
     * which the vault's lock keeps there for the whole backup), so only other chunks are looked up in the index; with
     * {@code askIndex} false (the vault held no chunk when the backup started) none is.
     */
    public Run start(Set<ChunkId> held, boolean askIndex) {
        return new Run(held, askIndex);
    }

    /** One backup (one recovery point) of any number of disks. Not thread-safe: one caller. */
    public final class Run {

        private final PackWriter packs = new PackWriter(store, index, settings.packSize(), uploads);
        private final java.util.concurrent.atomic.AtomicLong readNanos = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong hashNanos = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong lookupNanos = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong sealNanos = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong waitNanos = new java.util.concurrent.atomic.AtomicLong();

        /** Where the time went (for tuning): read, hash, lookup, seal, wait, in milliseconds of each thread kind. */
        public String timings() {
            return String.format("read %d ms, hash %d ms, lookup %d ms, seal %d ms, waiting for segments %d ms",
                    readNanos.get() / 1_000_000, hashNanos.get() / 1_000_000, lookupNanos.get() / 1_000_000,
                    sealNanos.get() / 1_000_000, waitNanos.get() / 1_000_000);
        }
        private final Set<ChunkId> claimed = ConcurrentHashMap.newKeySet();
        private final BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(settings.segmentsInFlight() + 1);
        private long manifestBytes;
        private final Set<ChunkId> held;
        private final boolean askIndex;

        private Run(Set<ChunkId> held, boolean askIndex) {
            this.held = held;
            this.askIndex = askIndex;
        }

        /**
         * Transfers one disk; throws {@link BackupCancelledException} when {@code cancelled} turns true, and any
         * {@link IOException} of the source or the store.
         */
        public DiskBackup backupDisk(DiskSource source, String disk, int lun, Progress progress,
                BooleanSupplier cancelled) throws IOException {
            long size = source.size();
            int chunkSize = settings.chunkSize();
            int segmentBytes = chunkSize * settings.segmentChunks();
            List<ChunkId> ids = new ArrayList<>((int) (size / chunkSize) + 1);
            ArrayDeque<Future<Segment>> inflight = new ArrayDeque<>();
            long position = 0;
            long stored = 0;
            long drained = 0;
            long chunks = 0;
            long chunksNew = 0;
            try {
                while (position < size || !inflight.isEmpty()) {
                    while (position < size && inflight.size() < settings.segmentsInFlight()) {
                        if (cancelled.getAsBoolean()) {
                            throw new BackupCancelledException();
                        }
                        int length = (int) Math.min(segmentBytes, size - position);
                        byte[] buffer = buffer(segmentBytes);
                        long readStart = System.nanoTime();
                        int read = source.read(ByteBuffer.wrap(buffer, 0, length), position);
                        readNanos.addAndGet(System.nanoTime() - readStart);
                        if (read != length) {
                            throw new IOException("disk " + disk + " ended at " + (position + Math.max(read, 0))
                                    + " bytes, before its size of " + size);
                        }
                        inflight.add(pool.submit(() -> process(buffer, length)));
                        position += length;
                    }
                    long waitStart = System.nanoTime();
                    Segment segment = await(inflight.removeFirst());
                    waitNanos.addAndGet(System.nanoTime() - waitStart);
                    for (ChunkId id : segment.ids()) {
                        ids.add(id);
                        if (id != ChunkId.ZERO) {
                            chunks++;
                        }
                    }
                    if (segment.sealed() != null) {
                        packs.add(segment.sealed(), segment.members());
                        stored += segment.sealed().length;
                        chunksNew += segment.members().size();
                    }
                    buffers.offer(segment.buffer());
                    drained += segment.length();
                    progress.advanced(drained, stored);
                }
            } finally {
                inflight.forEach(f -> f.cancel(true));
            }
            DiskManifest manifest = new DiskManifest(disk, lun, size, chunkSize, ids);
            return new DiskBackup(manifest, manifest.digest(), size, stored, chunks, chunksNew);
        }

        /** Stores the packs still being filled and the manifests; after this, the recovery point's data is complete. */
        public long finish(String recoveryPointId, List<DiskManifest> manifests) throws IOException {
            packs.flush();
            ManifestStore manifestStore = new ManifestStore(store, codec);
            for (DiskManifest manifest : manifests) {
                manifestBytes += manifestStore.save(recoveryPointId, manifest);
            }
            return manifestBytes;
        }

        private byte[] buffer(int size) {
            byte[] buffer = buffers.poll();
            return buffer != null ? buffer : new byte[size];
        }

        /**
         * Hashes a segment's chunks, asks the index about the ones first seen in this backup, and seals the new ones
         * together as one group (so repeats across them compress as in one file).
         */
        private Segment process(byte[] buffer, int length) throws IOException {
            int chunkSize = settings.chunkSize();
            int count = (length + chunkSize - 1) / chunkSize;
            ChunkId[] ids = new ChunkId[count];
            List<Integer> firstSeen = new ArrayList<>();
            long hashStart = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int offset = i * chunkSize;
                int size = Math.min(chunkSize, length - offset);
                if (ChunkId.isZero(buffer, offset, size)) {
                    ids[i] = ChunkId.ZERO;
                    continue;
                }
                ids[i] = ChunkId.of(buffer, offset, size);
                if (!held.contains(ids[i]) && claimed.add(ids[i])) {
                    firstSeen.add(i);
                }
            }
            long lookupStart = System.nanoTime();
            hashNanos.addAndGet(lookupStart - hashStart);
            if (firstSeen.isEmpty()) {
                return new Segment(Arrays.asList(ids), null, List.of(), buffer, length);
            }
            Map<ChunkId, ChunkLocation> inVault = askIndex
                    ? index.find(firstSeen.stream().map(i -> ids[i]).toList()) : Map.of();
            long sealStart = System.nanoTime();
            lookupNanos.addAndGet(sealStart - lookupStart);
            byte[] group = GROUP.get();
            int filled = 0;
            List<PackWriter.Member> members = new ArrayList<>();
            for (int i : firstSeen) {
                if (!inVault.containsKey(ids[i])) {
                    int offset = i * chunkSize;
                    int size = Math.min(chunkSize, length - offset);
                    if (group.length < filled + size) {
                        group = Arrays.copyOf(group, Math.max(group.length * 2, filled + size));
                        GROUP.set(group);
                    }
                    System.arraycopy(buffer, offset, group, filled, size);
                    members.add(new PackWriter.Member(ids[i], filled, size));
                    filled += size;
                }
            }
            byte[] sealed = members.isEmpty() ? null : codec.seal(group, 0, filled, GROUP_LABEL);
            sealNanos.addAndGet(System.nanoTime() - sealStart);
            return new Segment(Arrays.asList(ids), sealed, members, buffer, length);
        }
    }

    private static Segment await(Future<Segment> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("backup interrupted");
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

    private record Segment(List<ChunkId> ids, byte[] sealed, List<PackWriter.Member> members, byte[] buffer,
            int length) {
    }
}
