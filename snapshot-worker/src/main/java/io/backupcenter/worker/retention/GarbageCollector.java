package io.backupcenter.worker.retention;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.usage.VaultUsageReported;
import io.backupcenter.kit.outbox.JdbcOutbox;
import io.backupcenter.worker.DataPathPools;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.datapath.backup.BackupEngine;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.datapath.store.ObjectStore;
import io.backupcenter.worker.datapath.store.PackWriter;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultLocks;
import io.backupcenter.worker.vault.VaultStorage;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mark and sweep of a vault's chunks, safe against backups running at the same time: it holds the vault's lock
 * exclusively, so it starts once the vault's running backups have recorded their points, and new ones wait for it.
 * Marks every chunk that a manifest of a point still in the vault tier references; forgets the others; deletes packs
 * nothing references any more and rewrites packs that are mostly garbage; deletes the manifests of points that have
 * left both tiers; deletes pack objects no index row knows (left by a crash); then reports the vault's true size.
 * Objects are deleted only after the index stopped pointing at them.
 */
@ApplicationScoped
public class GarbageCollector {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    /** A pack less than half of which is still referenced is rewritten. */
    private static final double REPACK_BELOW = 0.5;

    private final WorkerDatabase database;
    private final VaultLocks locks;
    private final VaultKeys keys;
    private final VaultStorage storage;
    private final DataPathPools pools;
    private final Clock clock;

    GarbageCollector(WorkerDatabase database, VaultLocks locks, VaultKeys keys, VaultStorage storage,
            DataPathPools pools, Clock clock) {
        this.database = database;
        this.locks = locks;
        this.keys = keys;
        this.storage = storage;
        this.pools = pools;
        this.clock = clock;
    }

    /** What one collection did. */
    public record Report(long chunksForgotten, int packsDeleted, int packsRewritten, int manifestsDeleted,
            long storedBytes) {
    }

    /** Collects every vault whose collection is due. */
    @Scheduled(every = "${backup-center.gc.every:10m}", delayed = "${backup-center.gc.delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void collectDue() {
        try {
            List<String> due = database.inTransaction(connection -> {
                List<String> vaults = new ArrayList<>();
                try (Statement query = connection.createStatement();
                     ResultSet rows = query.executeQuery("select vault_id from vault_gc order by due_since")) {
                    while (rows.next()) {
                        vaults.add(rows.getString(1));
                    }
                }
                return vaults;
            });
            for (String vaultId : due) {
                Report report = collect(vaultId);
                LOG.infof("garbage collection of vault %s: %s", vaultId, report);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warnf("garbage collection stopped, it runs again later: %s", e.getMessage());
        }
    }

    /** Collects one vault now. Blocking; waits for the vault's running backups. */
    public Report collect(String vaultId) throws SQLException, IOException {
        try (VaultLocks.Held ignored = locks.exclusive(vaultId, Duration.ofMinutes(30))) {
            boolean geoRedundant = geoRedundant(vaultId);
            ObjectStore store = storage.of(vaultId, geoRedundant);
            ChunkCodec codec = new ChunkCodec(keys.keyOf(vaultId), 1);
            RestoreEngine manifests = new RestoreEngine(store, new JdbcChunkIndex(database.dataSource(), vaultId), codec,
                    pools.segments(), 64, 2);
            Sweep sweep = database.inTransaction(connection -> sweep(connection, vaultId, manifests));
            for (String pack : sweep.deadPacks()) {
                store.delete(pack);
            }
            for (String prefix : sweep.deadManifests()) {
                for (String manifest : store.list(prefix)) {
                    store.delete(manifest);
                }
            }
            int orphans = deleteOrphanPacks(store, vaultId);
            int rewritten = 0;
            for (String pack : sweep.sparsePacks()) {
                rewrite(vaultId, store, codec, pack);
                rewritten++;
            }
            long stored = database.inTransaction(connection -> report(connection, vaultId));
            return new Report(sweep.chunksForgotten(), sweep.deadPacks().size() + orphans, rewritten,
                    sweep.deadManifests().size(), stored);
        }
    }

    private record Sweep(long chunksForgotten, List<String> deadPacks, List<String> sparsePacks,
            List<String> deadManifests) {
    }

    private Sweep sweep(Connection connection, String vaultId, RestoreEngine manifests) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create temporary table live_chunk (id bytea primary key) on commit drop");
        }
        try (PreparedStatement points = connection.prepareStatement(
                "select id, disks from recovery_point where vault_id = ? and in_vault_tier");
             PreparedStatement mark = connection.prepareStatement(
                     "insert into live_chunk select distinct unnest(?::bytea[]) on conflict do nothing")) {
            points.setString(1, vaultId);
            try (ResultSet rows = points.executeQuery()) {
                while (rows.next()) {
                    for (DiskManifest disk : disks(rows.getString(2))) {
                        List<ChunkId> ids;
                        try {
                            ids = manifests.manifest(rows.getString(1), disk.name(), disk.digest()).chunks();
                        } catch (IOException e) {
                            throw new SQLException("cannot read the manifest of disk " + disk.name()
                                    + " of recovery point " + rows.getString(1) + ": " + e.getMessage(), e);
                        }
                        Set<ChunkId> distinct = new HashSet<>(ids);
                        distinct.remove(ChunkId.ZERO);
                        mark.setArray(1, connection.createArrayOf("bytea",
                                distinct.stream().map(ChunkId::bytes).toArray(byte[][]::new)));
                        mark.executeUpdate();
                    }
                }
            }
        }
        long forgotten;
        try (PreparedStatement forget = connection.prepareStatement(
                "delete from chunk c where c.vault_id = ? and not exists (select 1 from live_chunk l where l.id = c.id)")) {
            forget.setString(1, vaultId);
            forgotten = forget.executeUpdate();
        }
        List<String> dead = new ArrayList<>();
        List<String> sparse = new ArrayList<>();
        try (PreparedStatement packs = connection.prepareStatement("""
                select p.key, p.size_bytes, coalesce(sum(g.length), 0)
                from pack p left join (select distinct pack, pack_offset, length from chunk where vault_id = ?) g
                     on g.pack = p.key
                where p.vault_id = ? group by p.key, p.size_bytes""")) {
            packs.setString(1, vaultId);
            packs.setString(2, vaultId);
            try (ResultSet rows = packs.executeQuery()) {
                while (rows.next()) {
                    long live = rows.getLong(3);
                    if (live == 0) {
                        dead.add(rows.getString(1));
                    } else if (live < rows.getLong(2) * REPACK_BELOW) {
                        sparse.add(rows.getString(1));
                    }
                }
            }
        }
        try (PreparedStatement forgetPack = connection.prepareStatement(
                "delete from pack where vault_id = ? and key = ?")) {
            for (String pack : dead) {
                forgetPack.setString(1, vaultId);
                forgetPack.setString(2, pack);
                forgetPack.addBatch();
            }
            forgetPack.executeBatch();
        }
        List<String> deadManifests = new ArrayList<>();
        try (PreparedStatement gone = connection.prepareStatement(
                "delete from recovery_point where vault_id = ? and not in_vault_tier and not in_snapshot_tier "
                        + "returning id, disks")) {
            gone.setString(1, vaultId);
            try (ResultSet rows = gone.executeQuery()) {
                while (rows.next()) {
                    // Every attempt's manifests: the recorded ones and any a stale attempt left.
                    deadManifests.add(io.backupcenter.worker.datapath.manifest.DiskManifest.prefix(rows.getString(1)));
                }
            }
        }
        return new Sweep(forgotten, dead, sparse, deadManifests);
    }

    /** Rewrites a mostly-dead pack: its live chunks sealed again into a new pack, the index moved, the old deleted. */
    private void rewrite(String vaultId, ObjectStore store, ChunkCodec codec, String oldPack)
            throws SQLException, IOException {
        record Row(byte[] id, long groupOffset, int groupLength, int chunkOffset, int chunkLength) {
        }
        List<Row> rows = database.inTransaction(connection -> {
            List<Row> found = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "select id, pack_offset, length, chunk_offset, chunk_length from chunk "
                            + "where vault_id = ? and pack = ? order by pack_offset, chunk_offset")) {
                query.setString(1, vaultId);
                query.setString(2, oldPack);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        found.add(new Row(result.getBytes(1), result.getLong(2), result.getInt(3), result.getInt(4),
                                result.getInt(5)));
                    }
                }
            }
            return found;
        });
        Map<Long, List<Row>> byGroup = new LinkedHashMap<>();
        rows.forEach(row -> byGroup.computeIfAbsent(row.groupOffset(), g -> new ArrayList<>()).add(row));
        String newPack = PackWriter.newPackKey();
        ByteArrayOutputStream pack = new ByteArrayOutputStream();
        List<Object[]> moved = new ArrayList<>();
        for (List<Row> group : byGroup.values()) {
            Row first = group.get(0);
            byte[] sealed = store.read(oldPack, first.groupOffset(), first.groupLength());
            byte[] plain = codec.open(sealed, 0, sealed.length, BackupEngine.GROUP_LABEL, oldPack + "@" + first.groupOffset());
            ByteArrayOutputStream live = new ByteArrayOutputStream();
            List<int[]> positions = new ArrayList<>();
            for (Row row : group) {
                positions.add(new int[] {live.size(), row.chunkLength()});
                live.write(plain, row.chunkOffset(), row.chunkLength());
            }
            byte[] resealed = codec.seal(live.toByteArray(), 0, live.size(), BackupEngine.GROUP_LABEL);
            long offset = pack.size();
            pack.write(resealed);
            for (int i = 0; i < group.size(); i++) {
                moved.add(new Object[] {group.get(i).id(), offset, resealed.length, positions.get(i)[0],
                        positions.get(i)[1]});
            }
        }
        byte[] bytes = pack.toByteArray();
        store.put(newPack, bytes, bytes.length);
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update chunk set pack = ?, pack_offset = ?, length = ?, chunk_offset = ?, chunk_length = ? "
                            + "where vault_id = ? and id = ?");
                 PreparedStatement forget = connection.prepareStatement("delete from pack where vault_id = ? and key = ?");
                 PreparedStatement add = connection.prepareStatement(
                         "insert into pack (vault_id, key, size_bytes, created_at) values (?, ?, ?, now())")) {
                for (Object[] m : moved) {
                    update.setString(1, newPack);
                    update.setLong(2, (Long) m[1]);
                    update.setInt(3, (Integer) m[2]);
                    update.setInt(4, (Integer) m[3]);
                    update.setInt(5, (Integer) m[4]);
                    update.setString(6, vaultId);
                    update.setBytes(7, (byte[]) m[0]);
                    update.addBatch();
                }
                update.executeBatch();
                forget.setString(1, vaultId);
                forget.setString(2, oldPack);
                forget.executeUpdate();
                add.setString(1, vaultId);
                add.setString(2, newPack);
                add.setLong(3, bytes.length);
                add.executeUpdate();
            }
            return null;
        });
        store.delete(oldPack);
    }

    /** Deletes pack objects the index does not know: written by a backup whose worker died before indexing them. */
    private int deleteOrphanPacks(ObjectStore store, String vaultId) throws SQLException, IOException {
        Set<String> known = database.inTransaction(connection -> {
            Set<String> keys = new HashSet<>();
            try (PreparedStatement query = connection.prepareStatement("select key from pack where vault_id = ?")) {
                query.setString(1, vaultId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
            }
            return keys;
        });
        int deleted = 0;
        for (String key : store.list("packs/")) {
            if (!known.contains(key)) {
                store.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    /** Recounts the vault's bytes, reports them, and marks the collection done. */
    private long report(Connection connection, String vaultId) throws SQLException {
        long stored;
        try (PreparedStatement count = connection.prepareStatement("""
                select coalesce((select sum(size_bytes) from pack where vault_id = ?), 0)
                     + coalesce((select sum(manifest_bytes) from recovery_point where vault_id = ?), 0)""")) {
            count.setString(1, vaultId);
            count.setString(2, vaultId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                stored = rows.getLong(1);
            }
        }
        try (PreparedStatement usage = connection.prepareStatement("""
                insert into vault_usage (vault_id, stored_bytes) values (?, ?)
                on conflict (vault_id) do update set stored_bytes = excluded.stored_bytes""");
             PreparedStatement done = connection.prepareStatement("delete from vault_gc where vault_id = ?")) {
            usage.setString(1, vaultId);
            usage.setLong(2, stored);
            usage.executeUpdate();
            done.setString(1, vaultId);
            done.executeUpdate();
        }
        JdbcOutbox.add(connection, Topics.VAULT_USAGE, VaultUsageReported.of(clock, vaultId, stored), clock.instant());
        return stored;
    }

    private boolean geoRedundant(String vaultId) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "select bool_or(geo_redundant) from recovery_point where vault_id = ?")) {
                query.setString(1, vaultId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    Object value = rows.getObject(1);
                    return value == null || (Boolean) value;
                }
            }
        });
    }

    private static List<DiskManifest> disks(String json) throws SQLException {
        try {
            return EventJson.mapper().readValue(json, new TypeReference<List<DiskManifest>>() {
            });
        } catch (IOException e) {
            throw new SQLException("the disks of a recovery point cannot be read", e);
        }
    }
}
