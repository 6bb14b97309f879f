package io.backupcenter.worker.datapath.store;

import io.backupcenter.worker.datapath.chunk.ChunkId;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Gathers sealed groups of chunks into pack objects of about {@code targetSize} bytes (few large objects instead of
 * many small ones, which matters on S3). A full pack is stored and then indexed on {@code uploads} while the next one
 * fills (two buffers, reused): the index never points at a pack that is not stored. Not thread-safe: one writer per
 * backup.
 */
public final class PackWriter {

    /** A chunk of a sealed group: its id, and where its bytes are in the group's plain bytes. */
    public record Member(ChunkId id, int offset, int length) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStore store;
    private final ChunkIndex index;
    private final int targetSize;
    private final Executor uploads;
    private final byte[][] buffers = new byte[2][];
    private int current;
    private int filled;
    private String packKey;
    private List<ChunkIndex.Entry> pending = new ArrayList<>();
    private CompletableFuture<Void> upload = CompletableFuture.completedFuture(null);
    private long bytesWritten;

    /** A writer whose packs are stored on {@code uploads} (a single thread keeps them in order). */
    public PackWriter(ObjectStore store, ChunkIndex index, int targetSize, Executor uploads) {
        this.store = store;
        this.index = index;
        this.targetSize = targetSize;
        this.uploads = uploads;
    }

    /** Adds a sealed group holding {@code members}; starts storing the pack when it is full. */
    public void add(byte[] sealed, List<Member> members) throws IOException {
        if (packKey == null) {
            packKey = newPackKey();
            filled = 0;
            if (buffers[current] == null) {
                buffers[current] = new byte[targetSize + (8 << 20)];
            }
        }
        byte[] buffer = buffers[current];
        if (filled + sealed.length > buffer.length) {
            byte[] larger = new byte[filled + sealed.length + (1 << 20)];
            System.arraycopy(buffer, 0, larger, 0, filled);
            buffers[current] = larger;
            buffer = larger;
        }
        for (Member member : members) {
            pending.add(new ChunkIndex.Entry(member.id(),
                    new ChunkLocation(packKey, filled, sealed.length, member.offset(), member.length())));
        }
        System.arraycopy(sealed, 0, buffer, filled, sealed.length);
        filled += sealed.length;
        if (filled >= targetSize) {
            submit();
        }
    }

    /** Stores the pack being filled, if any, and waits until every pack is stored and indexed. */
    public void flush() throws IOException {
        if (packKey != null && !pending.isEmpty()) {
            submit();
        }
        await(upload);
    }

    /** Bytes of packs stored so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void submit() throws IOException {
        await(upload);
        byte[] buffer = buffers[current];
        int length = filled;
        String key = packKey;
        List<ChunkIndex.Entry> entries = pending;
        upload = CompletableFuture.runAsync(() -> {
            try {
                store.put(key, buffer, length);
                index.add(entries, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, uploads);
        bytesWritten += length;
        pending = new ArrayList<>();
        packKey = null;
        current = 1 - current;
    }

    private static void await(CompletableFuture<Void> future) throws IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing a pack");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot store a pack: " + cause, cause);
        }
    }

    /** A new, random pack key: {@code packs/<2 hex>/<32 hex>}. */
    public static String newPackKey() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String hex = HexFormat.of().formatHex(id);
        return "packs/" + hex.substring(0, 2) + "/" + hex;
    }
}
