package io.backupcenter.worker.verify;

import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.verify.VerifyCompleted;
import io.backupcenter.worker.DataPathPools;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.vault.VaultStorage;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The repair step of a Verify job of a geo-redundant vault: points damaged in one copy mended from the other, object
 * by object, when that copy read back whole. One per verification. Blocking.
 */
final class CopyRepair {

    private static final Logger LOG = Logger.getLogger(CopyRepair.class);

    private final WorkerDatabase database;
    private final DataPathPools pools;
    private final String vaultId;
    private final ChunkCodec codec;
    private final JdbcChunkIndex index;

    CopyRepair(WorkerDatabase database, DataPathPools pools, String vaultId, ChunkCodec codec, JdbcChunkIndex index) {
        this.database = database;
        this.pools = pools;
        this.vaultId = vaultId;
        this.codec = codec;
        this.index = index;
    }

    /**
     * Repairs, in copy {@code bad}, the points damaged there from copy {@code good} — when {@code good} verified whole
     * (a copy with damage of its own is not trusted to mend the other): every manifest and pack object the point uses
     * that differs is copied over, then the point is read back from {@code bad} again.
     */
    void repair(VaultVerifier.CopyDamage bad, VaultVerifier.CopyDamage good, List<VaultVerifier.Point> points,
            List<VerifyCompleted.RepairedPoint> repaired) throws VaultVerifier.Unverifiable {
        if (bad.points().isEmpty() || !good.points().isEmpty()) {
            return;
        }
        RestoreEngine fromGood = new RestoreEngine(good.copy().store(), index, codec, pools.segments(), 256, 1);
        for (VaultVerifier.Point point : points) {
            String reason = bad.points().get(point.id());
            if (reason == null) {
                continue;
            }
            try {
                int objects = 0;
                for (DiskManifest disk : point.disks()) {
                    var manifest = fromGood.manifest(point.id(), disk.name(), disk.digest());
                    objects += copyIfDifferent(good.copy(), bad.copy(), manifestKeys(good.copy(), point, disk));
                        objects += copyIfDifferent(good.copy(), bad.copy(), wholePacks(good.copy(),
                            packsOf(manifest.chunks())));
                }
                RestoreEngine again = new RestoreEngine(bad.copy().store(), index, codec, pools.segments(), 256, 1);
                Set<ChunkId> verified = new HashSet<>();
                for (DiskManifest disk : point.disks()) {
                    again.verify(again.manifest(point.id(), disk.name(), disk.digest()), verified);
                }
                bad.points().remove(point.id());
                repaired.add(new VerifyCompleted.RepairedPoint(point.itemId(), point.vmName(), point.id(),
                        bad.copy().name(), objects, reason));
                LOG.warnf("recovery point %s (VM %s): damage in the %s copy repaired from the %s copy, %d object(s) "
                        + "rewritten (%s)", point.id(), point.vmName(), bad.copy().name(), good.copy().name(), objects,
                        reason);
            } catch (IOException | RuntimeException e) {
                if (!VaultVerifier.isDamage(e)) {
                    throw new VaultVerifier.Unverifiable(e);
                }
                LOG.warnf("recovery point %s could not be repaired in the %s copy: %s", point.id(), bad.copy().name(),
                        e.getMessage());
            }
        }
    }

    /** The keys of a disk's manifest in a copy: the one holding its digest, or the older one without. */
    private static List<String> manifestKeys(VaultStorage.Copy copy, VaultVerifier.Point point, DiskManifest disk)
            throws IOException {
        String key = io.backupcenter.worker.datapath.manifest.DiskManifest.key(point.id(), disk.name(), disk.digest());
        try {
            copy.store().get(key);
            return List.of(key);
        } catch (java.nio.file.NoSuchFileException legacy) {
            return List.of(io.backupcenter.worker.datapath.manifest.DiskManifest.legacyKey(point.id(), disk.name()));
        }
    }

    /** The pack objects that hold the given chunks. */
    private Set<String> packsOf(List<ChunkId> chunks) throws IOException {
        Set<String> packs = new java.util.TreeSet<>();
        List<ChunkId> ids = chunks.stream().filter(id -> !id.equals(ChunkId.ZERO)).distinct().toList();
        for (int from = 0; from < ids.size(); from += 4096) {
            for (var location : index.find(ids.subList(from, Math.min(ids.size(), from + 4096))).values()) {
                packs.add(location.pack());
            }
        }
        return packs;
    }

    /**
     * The packs, each checked whole in the {@code good} copy first: every sealed group the index knows in it opens (is
     * authentic), not only the groups of the point being repaired — a pack is copied as a whole, so a group damaged in
     * the good copy and whole in the other must not be copied over. A pack that is not whole is a damage of its own.
     */
    private Set<String> wholePacks(VaultStorage.Copy good, Set<String> packs) throws IOException {
        for (String pack : packs) {
            byte[] bytes = good.store().get(pack);
            List<long[]> groups = database.retrying("read the groups of pack " + pack, connection -> {
                List<long[]> found = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement(
                        "select distinct pack_offset, length from chunk where vault_id = ? and pack = ?")) {
                    query.setString(1, vaultId);
                    query.setString(2, pack);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            found.add(new long[] {rows.getLong(1), rows.getInt(2)});
                        }
                    }
                }
                return found;
            });
            for (long[] group : groups) {
                if (group[0] + group[1] > bytes.length) {
                    throw new io.backupcenter.worker.datapath.chunk.DamagedDataException("pack " + pack + " of the "
                            + good.name() + " copy is shorter than its groups");
                }
                codec.open(bytes, (int) group[0], (int) group[1],
                        io.backupcenter.worker.datapath.backup.BackupEngine.GROUP_LABEL,
                        good.name() + " copy " + pack + "@" + group[0]);
            }
        }
        return packs;
    }

    /** Copies each object from {@code from} to {@code to} where {@code to} lacks it or holds other bytes. */
    private static int copyIfDifferent(VaultStorage.Copy from, VaultStorage.Copy to, java.util.Collection<String> keys)
            throws IOException {
        int copied = 0;
        for (String key : keys) {
            byte[] good = from.store().get(key);
            byte[] there;
            try {
                there = to.store().get(key);
            } catch (java.nio.file.NoSuchFileException missing) {
                there = null;
            }
            if (there == null || !java.util.Arrays.equals(good, there)) {
                to.store().put(key, good);
                copied++;
            }
        }
        return copied;
    }
}
