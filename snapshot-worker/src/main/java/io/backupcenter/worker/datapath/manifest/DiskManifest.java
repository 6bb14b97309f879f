package io.backupcenter.worker.datapath.manifest;

import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One disk of a recovery point: its size, chunk size and the id of every chunk in order ({@link ChunkId#ZERO} for a
 * chunk of zeros). Its digest, the SHA-256 of its bytes, is what the recovery point records to check a restore.
 *
 * <pre>"BCM1" chunkSize(4) size(8) lun(4) nameLength(2) name count(4) ids(32 × count)</pre>
 */
public record DiskManifest(String disk, int lun, long sizeBytes, int chunkSize, List<ChunkId> chunks) {

    private static final byte[] MAGIC = "BCM1".getBytes(StandardCharsets.US_ASCII);

    /** The manifest in its stored form. */
    public byte[] toBytes() {
        byte[] name = disk.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 4 + 8 + 4 + 2 + name.length + 4 + ChunkId.LENGTH * chunks.size());
        out.put(MAGIC).putInt(chunkSize).putLong(sizeBytes).putInt(lun).putShort((short) name.length).put(name)
                .putInt(chunks.size());
        chunks.forEach(id -> id.writeTo(out));
        return out.array();
    }

    /** A manifest from its stored form; {@link DamagedDataException} when it is not one. */
    public static DiskManifest fromBytes(byte[] bytes, String where) throws DamagedDataException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[4];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new DamagedDataException("manifest " + where + " is not a manifest");
            }
            int chunkSize = in.getInt();
            long size = in.getLong();
            int lun = in.getInt();
            byte[] name = new byte[in.getShort()];
            in.get(name);
            int count = in.getInt();
            List<ChunkId> ids = new ArrayList<>(count);
            byte[] id = new byte[ChunkId.LENGTH];
            for (int i = 0; i < count; i++) {
                in.get(id);
                ids.add(ChunkId.fromBytes(id));
            }
            return new DiskManifest(new String(name, StandardCharsets.UTF_8), lun, size, chunkSize, ids);
        } catch (RuntimeException e) {
            throw new DamagedDataException("manifest " + where + " is truncated or damaged", e);
        }
    }

    /** {@code sha256:<hex>} of the stored form. */
    public String digest() {
        return digestOf(toBytes());
    }

    /** {@code sha256:<hex>} of {@code bytes}. */
    public static String digestOf(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key under which a recovery point's manifest of a disk with that digest is stored. The digest is part of the
     * key, so that two attempts at one backup (one of them stale, its lease lost) never overwrite each other's
     * manifest: the one the recovery point records is the one with its digest.
     */
    public static String key(String recoveryPointId, String disk, String digest) {
        return prefix(recoveryPointId) + disk + "." + digest.replace("sha256:", "");
    }

    /** Where points recorded before digests were in the key keep their manifest of a disk. */
    public static String legacyKey(String recoveryPointId, String disk) {
        return prefix(recoveryPointId) + disk;
    }

    /** The prefix of every manifest of a recovery point. */
    public static String prefix(String recoveryPointId) {
        return "manifests/" + recoveryPointId + "/";
    }
}
