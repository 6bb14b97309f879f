package io.backupcenter.worker.datapath.chunk;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * Seals data for storage: compressed with zstd when that saves at least 3 %, then encrypted and authenticated with
 * AES-256-GCM under the vault's key with a random 96-bit nonce; the header and a label are authenticated too.
 * What is sealed is a group of new chunks of one segment (compressed together, so repeats across chunks compress as
 * well as in one file) or a manifest. Thread-safe; each thread keeps its own zstd contexts and cipher.
 *
 * <pre>sealed = version(1) flags(1) plainLength(4) nonce(12) ciphertext+tag(16)</pre>
 */
public final class ChunkCodec {

    static final byte VERSION = 1;
    static final byte COMPRESSED = 1;
    static final int HEADER = 1 + 1 + 4 + 12;
    static final int TAG_BITS = 128;
    /** GCM is fed in slices of this size: the JIT's fast path for it wants moderate slices. */
    private static final int SLICE = 64 * 1024;

    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    });
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private final SecretKey key;
    private final ThreadLocal<ZstdCompressCtx> compress;

    /** A codec for one vault's key; {@code level} is the zstd level (1: fast, and good for disk images). */
    public ChunkCodec(SecretKey key, int level) {
        this.key = key;
        this.compress = ThreadLocal.withInitial(() -> {
            ZstdCompressCtx context = new ZstdCompressCtx();
            context.setLevel(level);
            return context;
        });
    }

    /** Seals {@code data[offset, offset + length)}, bound to {@code label}. */
    public byte[] seal(byte[] data, int offset, int length, String label) {
        byte[] compressed = new byte[(int) Zstd.compressBound(length)];
        long packed = length == 0 ? -1
                : compress.get().compressByteArray(compressed, 0, compressed.length, data, offset, length);
        boolean useCompressed = packed > 0 && packed < length - (length >> 5);
        byte[] body = useCompressed ? compressed : data;
        int bodyOffset = useCompressed ? 0 : offset;
        int bodyLength = useCompressed ? (int) packed : length;
        byte[] sealed = new byte[HEADER + bodyLength + TAG_BITS / 8];
        ByteBuffer header = ByteBuffer.wrap(sealed, 0, HEADER);
        header.put(VERSION).put(useCompressed ? COMPRESSED : 0).putInt(length);
        byte[] nonce = new byte[12];
        RANDOM.get().nextBytes(nonce);
        header.put(nonce);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(sealed, 0, HEADER);
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            int out = HEADER;
            for (int done = 0; done < bodyLength; done += SLICE) {
                out += cipher.update(body, bodyOffset + done, Math.min(SLICE, bodyLength - done), sealed, out);
            }
            cipher.doFinal(sealed, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
        return sealed;
    }

    /** Seals all of {@code data}, bound to {@code label}. */
    public byte[] seal(byte[] data, String label) {
        return seal(data, 0, data.length, label);
    }

    /**
     * The plain bytes sealed in {@code sealed[offset, offset + length)} with {@code label}; a
     * {@link DamagedDataException} naming {@code where} when it fails authentication or does not decompress.
     */
    public byte[] open(byte[] sealed, int offset, int length, String label, String where) throws DamagedDataException {
        if (length < HEADER + TAG_BITS / 8 || sealed[offset] != VERSION) {
            throw new DamagedDataException("data at " + where + " is not sealed data of a known format");
        }
        ByteBuffer header = ByteBuffer.wrap(sealed, offset, HEADER);
        header.get();
        boolean compressed = header.get() == COMPRESSED;
        int plainLength = header.getInt();
        byte[] nonce = new byte[12];
        header.get(nonce);
        byte[] body = new byte[length - HEADER - TAG_BITS / 8];
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(sealed, offset, HEADER);
            cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
            int out = 0;
            int cipherLength = length - HEADER;
            for (int done = 0; done < cipherLength; done += SLICE) {
                int slice = Math.min(SLICE, cipherLength - done);
                if (done + slice == cipherLength) {
                    out += cipher.doFinal(sealed, offset + HEADER + done, slice, body, out);
                } else {
                    out += cipher.update(sealed, offset + HEADER + done, slice, body, out);
                }
            }
        } catch (AEADBadTagException e) {
            throw new DamagedDataException("data at " + where + " fails authentication: it was altered or damaged");
        } catch (GeneralSecurityException e) {
            throw new DamagedDataException("data at " + where + " cannot be decrypted: " + e.getMessage(), e);
        }
        if (!compressed) {
            return body;
        }
        byte[] plain = new byte[plainLength];
        long n = DECOMPRESS.get().decompressByteArray(plain, 0, plainLength, body, 0, body.length);
        if (Zstd.isError(n) || n != plainLength) {
            throw new DamagedDataException("data at " + where + " does not decompress");
        }
        return plain;
    }

    /** Opens all of {@code sealed}. */
    public byte[] open(byte[] sealed, String label, String where) throws DamagedDataException {
        return open(sealed, 0, sealed.length, label, where);
    }
}
