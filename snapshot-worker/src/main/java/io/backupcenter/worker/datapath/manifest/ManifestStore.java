package io.backupcenter.worker.datapath.manifest;

import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;
import io.backupcenter.worker.datapath.store.ObjectStore;

import java.io.IOException;

/**
 * Where a recovery point's disk manifests live in its vault: sealed like chunks (compressed, encrypted, bound to
 * their key) under {@code manifests/<recovery point>/<disk>}, and checked on the way back against the digest the
 * recovery point recorded.
 */
public final class ManifestStore {

    private final ObjectStore store;
    private final ChunkCodec codec;

    public ManifestStore(ObjectStore store, ChunkCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** Stores a disk's manifest; returns the bytes it takes. */
    public long save(String recoveryPointId, DiskManifest manifest) throws IOException {
        String key = DiskManifest.key(recoveryPointId, manifest.disk());
        byte[] plain = manifest.toBytes();
        byte[] sealed = codec.seal(plain, 0, plain.length, key);
        store.put(key, sealed);
        return sealed.length;
    }

    /** A disk's manifest, checked against {@code expectedDigest} (when given). */
    public DiskManifest load(String recoveryPointId, String disk, String expectedDigest) throws IOException {
        String key = DiskManifest.key(recoveryPointId, disk);
        byte[] plain = codec.open(store.get(key), key, store.describe() + "/" + key);
        if (expectedDigest != null && !expectedDigest.equals(DiskManifest.digestOf(plain))) {
            throw new DamagedDataException("the manifest of disk '" + disk + "' of recovery point " + recoveryPointId
                    + " does not match the digest the recovery point recorded");
        }
        return DiskManifest.fromBytes(plain, key);
    }
}
