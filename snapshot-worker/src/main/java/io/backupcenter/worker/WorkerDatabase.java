package io.backupcenter.worker;

import io.agroal.api.AgroalDataSource;
import io.backupcenter.kit.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The worker database over JDBC, for the blocking backup and restore runners: transactions, and steps that wait
 * out a database outage instead of throwing away a backup's work.
 */
@ApplicationScoped
public class WorkerDatabase {

    private static final Logger LOG = Logger.getLogger(WorkerDatabase.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final AgroalDataSource dataSource;

    WorkerDatabase(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Work done in one JDBC transaction. */
    @FunctionalInterface
    public interface Transactional<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** The pooled data source (for the chunk index). */
    public AgroalDataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    public <T> T inTransaction(Transactional<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** A database call of any kind. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction, again and again (waiting up to 10 s between tries) while the database is
     * unreachable; any other failure is thrown. Blocking.
     */
    public <T> T retrying(String what, Transactional<T> work) {
        return retry(what, () -> inTransaction(work));
    }

    /** Makes {@code call}, again and again while the database is unreachable, as {@link #retrying} does. */
    public <T> T retry(String what, Call<T> call) {
        Duration wait = Duration.ofMillis(200);
        while (true) {
            try {
                return call.run();
            } catch (SQLException e) {
                if (!Failures.isTransient(e) && !isConnectionProblem(e)) {
                    throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
                }
                LOG.warnf("cannot %s yet (%s); trying again in %d ms", what, Failures.firstLine(e.getMessage()),
                        wait.toMillis());
                pause(wait, what);
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private static void pause(Duration wait, String what) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, interrupted);
        }
    }

    private static boolean isConnectionProblem(SQLException e) {
        return e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P"));
    }
}
