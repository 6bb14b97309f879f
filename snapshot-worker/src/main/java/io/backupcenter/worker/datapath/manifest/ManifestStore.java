package io.backupcenter.worker.datapath.manifest;

import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;
import io.backupcenter.worker.datapath.store.ObjectStore;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

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

    /** Stores a disk's manifest (under a key holding its digest); returns the bytes it takes. */
    public long save(String recoveryPointId, DiskManifest manifest) throws IOException {
        byte[] plain = manifest.toBytes();
        String key = DiskManifest.key(recoveryPointId, manifest.disk(), DiskManifest.digestOf(plain));
        byte[] sealed = codec.seal(plain, 0, plain.length, key);
        store.put(key, sealed);
        return sealed.length;
    }

    /** A disk's manifest, checked against {@code expectedDigest}. */
    public DiskManifest load(String recoveryPointId, String disk, String expectedDigest) throws IOException {
        String key = DiskManifest.key(recoveryPointId, disk, expectedDigest);
        byte[] sealed;
        try {
            sealed = store.get(key);
        } catch (NoSuchFileException notThere) {
            key = DiskManifest.legacyKey(recoveryPointId, disk);
            try {
                sealed = store.get(key);
            } catch (NoSuchFileException notThereEither) {
                throw new DamagedDataException("the manifest of disk '" + disk + "' of recovery point "
                        + recoveryPointId + " with the digest the recovery point recorded (" + expectedDigest
                        + ") is not in the vault");
            }
        }
        byte[] plain = codec.open(sealed, key, store.describe() + "/" + key);
        if (!expectedDigest.equals(DiskManifest.digestOf(plain))) {
            throw new DamagedDataException("the manifest of disk '" + disk + "' of recovery point " + recoveryPointId
                    + " does not match the digest the recovery point recorded");
        }
        return DiskManifest.fromBytes(plain, key);
    }
}
