package io.backupcenter.worker.datapath.chunk;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A chunk's identity: the SHA-256 of its bytes. Equal content, equal id, across every disk and VM of a vault: that
 * is the dedup. {@link #ZERO} stands for a chunk of zeros, which is never stored.
 */
public final class ChunkId {

    /** The length of an id in bytes. */
    public static final int LENGTH = 32;
    /** The id written for an all-zero chunk (no SHA-256 is all zeros in practice). */
    public static final ChunkId ZERO = new ChunkId(new byte[LENGTH]);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private final byte[] bytes;
    private final int hash;

    private ChunkId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The id of the remaining bytes of {@code data} (its position is not moved). */
    public static ChunkId of(ByteBuffer data) {
        MessageDigest digest = SHA256.get();
        digest.update(data.duplicate());
        return new ChunkId(digest.digest());
    }

    /** The id of {@code data[offset, offset + length)}. */
    public static ChunkId of(byte[] data, int offset, int length) {
        MessageDigest digest = SHA256.get();
        digest.update(data, offset, length);
        return new ChunkId(digest.digest());
    }

    /** The id held in {@code bytes} (32 of them). */
    public static ChunkId fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a chunk id has " + LENGTH + " bytes, not " + bytes.length);
        }
        return new ChunkId(bytes.clone());
    }

    /** True when the bytes {@code data[offset, offset + length)} are all zero. */
    public static boolean isZero(byte[] data, int offset, int length) {
        return Arrays.mismatch(data, offset, offset + length, ZEROS, 0, length) < 0;
    }

    private static final byte[] ZEROS = new byte[16 << 20];

    /** The 32 bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the 32 bytes into {@code target}. */
    public void writeTo(ByteBuffer target) {
        target.put(bytes);
    }

    /** The id in lower-case hex. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChunkId id && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex().substring(0, 16);
    }
}
