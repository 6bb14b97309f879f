package io.backupcenter.worker.datapath.store;

import io.backupcenter.worker.datapath.chunk.ChunkId;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunk index of one vault in the worker database (table {@code chunk}), shared by every worker instance. Adding
 * a pack's entries also adds the pack's size to the vault's stored bytes, in the same transaction.
 */
public final class JdbcChunkIndex implements ChunkIndex {

    private final DataSource dataSource;
    private final String vaultId;

    public JdbcChunkIndex(DataSource dataSource, String vaultId) {
        this.dataSource = dataSource;
        this.vaultId = vaultId;
    }

    @Override
    public Map<ChunkId, ChunkLocation> find(Collection<ChunkId> ids) throws IOException {
        Map<ChunkId, ChunkLocation> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select id, pack, pack_offset, length, chunk_offset, chunk_length from chunk "
                             + "where vault_id = ? and id = any(?)")) {
            Array array = connection.createArrayOf("bytea", ids.stream().map(ChunkId::bytes).toArray(byte[][]::new));
            query.setString(1, vaultId);
            query.setArray(2, array);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.put(ChunkId.fromBytes(rows.getBytes(1)),
                            new ChunkLocation(rows.getString(2), rows.getLong(3), rows.getInt(4), rows.getInt(5),
                                    rows.getInt(6)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IOException("cannot read the chunk index: " + e.getMessage(), e);
        }
    }

    @Override
    public void add(List<Entry> entries, long packBytes) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                         insert into chunk (vault_id, id, pack, pack_offset, length, chunk_offset, chunk_length, created_at)
                         select ?, e.id, e.pack, e.pack_offset, e.length, e.chunk_offset, e.chunk_length, now()
                         from unnest(?::bytea[], ?::text[], ?::bigint[], ?::int[], ?::int[], ?::int[])
                              as e(id, pack, pack_offset, length, chunk_offset, chunk_length)
                         on conflict (vault_id, id) do nothing
                         """);
                 PreparedStatement usage = connection.prepareStatement("""
                         insert into vault_usage (vault_id, stored_bytes) values (?, ?)
                         on conflict (vault_id) do update set stored_bytes = vault_usage.stored_bytes + excluded.stored_bytes
                         """);
                 PreparedStatement pack = connection.prepareStatement(
                         "insert into pack (vault_id, key, size_bytes, created_at) values (?, ?, ?, now()) "
                                 + "on conflict do nothing")) {
                insert.setString(1, vaultId);
                insert.setArray(2, connection.createArrayOf("bytea", entries.stream().map(e -> e.id().bytes()).toArray(byte[][]::new)));
                insert.setArray(3, connection.createArrayOf("text",
                        entries.stream().map(e -> e.location().pack()).toArray()));
                insert.setArray(4, connection.createArrayOf("bigint",
                        entries.stream().map(e -> e.location().offset()).toArray()));
                insert.setArray(5, connection.createArrayOf("integer",
                        entries.stream().map(e -> e.location().length()).toArray()));
                insert.setArray(6, connection.createArrayOf("integer",
                        entries.stream().map(e -> e.location().chunkOffset()).toArray()));
                insert.setArray(7, connection.createArrayOf("integer",
                        entries.stream().map(e -> e.location().chunkLength()).toArray()));
                insert.executeUpdate();
                usage.setString(1, vaultId);
                usage.setLong(2, packBytes);
                usage.executeUpdate();
                pack.setString(1, vaultId);
                pack.setString(2, entries.get(0).location().pack());
                pack.setLong(3, packBytes);
                pack.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the chunk index: " + e.getMessage(), e);
        }
    }
}
