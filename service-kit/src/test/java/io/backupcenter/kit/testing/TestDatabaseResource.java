package io.backupcenter.kit.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh, empty PostgreSQL database for one service's tests, on the real server (127.0.0.1:5432 unless
 * {@code BC_DB_HOST}/{@code BC_DB_PORT} say otherwise), owned by the {@code backup} role that
 * {@code ./backup-center test} makes sure exists. The name comes from the resource argument {@code database}.
 */
public class TestDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null || !database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("TestDatabaseResource needs a 'database' argument, lower-case");
        }
    }

    @Override
    public Map<String, String> start() {
        String host = env("BC_DB_HOST", "127.0.0.1");
        String port = env("BC_DB_PORT", "5432");
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, "backup", "backup");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare test database " + database + " on " + host + ":" + port
                    + " as role 'backup' (run ./backup-center test, which creates the role): " + e.getMessage(), e);
        }
        return Map.of(
                "backup-center.db.host", host,
                "backup-center.db.port", port,
                "backup-center.db.name", database);
    }

    @Override
    public void stop() {
        // The database stays for inspection after a failed run; the next run starts from an empty one.
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
