package io.backupcenter.worker.vault;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Keeps garbage collection and the writers of a vault's data apart, across every worker instance: backups and
 * vault-tier restores hold the vault's lock shared from their first chunk until their result is recorded; garbage
 * collection holds it exclusively. PostgreSQL advisory locks, each on a connection of its own.
 */
@ApplicationScoped
public class VaultLocks {

    private final AgroalDataSource dataSource;

    VaultLocks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A held lock; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** The vault's lock, shared. Waits while garbage collection holds it. */
    public Held shared(String vaultId) throws SQLException {
        return take(vaultId, "pg_advisory_lock_shared", "pg_advisory_unlock_shared", null);
    }

    /** The vault's lock, exclusive: waits up to {@code timeout} for the writers of the vault to finish. */
    public Held exclusive(String vaultId, Duration timeout) throws SQLException {
        return take(vaultId, "pg_advisory_lock", "pg_advisory_unlock", timeout);
    }

    private Held take(String vaultId, String lock, String unlock, Duration timeout) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            if (timeout != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set lock_timeout = " + timeout.toMillis());
                }
            }
            try (PreparedStatement take = connection.prepareStatement(
                    "select " + lock + "(hashtextextended(?, 0))")) {
                take.setString(1, "vault-data:" + vaultId);
                take.execute();
            }
            if (timeout != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("set lock_timeout = 0");
                }
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return () -> {
            try (connection; PreparedStatement release = connection.prepareStatement(
                    "select " + unlock + "(hashtextextended(?, 0))")) {
                release.setString(1, "vault-data:" + vaultId);
                release.execute();
            } catch (SQLException ignored) {
                // the connection's end releases the lock too
            }
        };
    }
}
