package io.backupcenter.worker.backup;

import io.backupcenter.contracts.backup.SnapshotGroupPattern;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Places each protected item's restore point collection in a snapshot resource group: the item's group for the
 * policy's name pattern if it has one, else the first group of the pattern with room ({@code capacity} collections,
 * 600 as in Azure), else a new group with the next number. A changed pattern gives the item a collection in a group
 * of the new pattern; its old points stay where they are.
 */
final class SnapshotPlacement {

    private final int capacity;

    SnapshotPlacement(int capacity) {
        this.capacity = capacity;
    }

    /** The group of the item's collection under {@code pattern}, in the caller's transaction. */
    String groupFor(Connection connection, String itemId, SnapshotGroupPattern pattern) throws SQLException {
        String key = pattern.prefix() + "{n}" + (pattern.suffix() == null ? "" : pattern.suffix());
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "snapshot-group:" + key);
            lock.execute();
        }
        try (PreparedStatement existing = connection.prepareStatement(
                "select resource_group from restore_point_collection where protected_item_id = ? and pattern = ?")) {
            existing.setString(1, itemId);
            existing.setString(2, key);
            try (ResultSet rows = existing.executeQuery()) {
                if (rows.next()) {
                    return rows.getString(1);
                }
            }
        }
        String group = null;
        int highest = 0;
        try (PreparedStatement groups = connection.prepareStatement(
                "select name, n, collections from snapshot_resource_group where pattern = ? order by n")) {
            groups.setString(1, key);
            try (ResultSet rows = groups.executeQuery()) {
                while (rows.next()) {
                    highest = rows.getInt(2);
                    if (group == null && rows.getInt(3) < capacity) {
                        group = rows.getString(1);
                    }
                }
            }
        }
        if (group == null) {
            group = pattern.nameOf(highest + 1);
            try (PreparedStatement create = connection.prepareStatement(
                    "insert into snapshot_resource_group (name, pattern, n, collections) values (?, ?, ?, 0)")) {
                create.setString(1, group);
                create.setString(2, key);
                create.setInt(3, highest + 1);
                create.executeUpdate();
            }
        }
        try (PreparedStatement take = connection.prepareStatement(
                "update snapshot_resource_group set collections = collections + 1 where name = ?");
             PreparedStatement add = connection.prepareStatement(
                     "insert into restore_point_collection (protected_item_id, pattern, resource_group) values (?, ?, ?)")) {
            take.setString(1, group);
            take.executeUpdate();
            add.setString(1, itemId);
            add.setString(2, key);
            add.setString(3, group);
            add.executeUpdate();
        }
        return group;
    }
}
