package io.backupcenter.worker.cancel;

import io.backupcenter.worker.WorkerDatabase;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The jobs someone asked to cancel, kept in the workers' database so that every instance sees them: the one running
 * the job, and one that receives the job later (after a redelivery) alike.
 */
@ApplicationScoped
public class Cancellations {

    /** How often a running job looks for its cancellation: often enough to stop within a second or so. */
    private static final long CHECK_EVERY_NANOS = 500_000_000L;

    private final WorkerDatabase database;

    Cancellations(WorkerDatabase database) {
        this.database = database;
    }

    /** Records that job {@code jobId} is to stop; recording it twice changes nothing. */
    public void record(String jobId, Instant requestedAt) {
        database.retrying("record the cancellation of job " + jobId, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into job_cancellation (job_id, requested_at) values (?, ?) on conflict do nothing")) {
                insert.setString(1, jobId);
                insert.setTimestamp(2, Timestamp.from(requestedAt));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** True when someone asked to cancel job {@code jobId}. */
    public boolean isCancelled(String jobId) {
        return database.retrying("look for the cancellation of job " + jobId, connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "select 1 from job_cancellation where job_id = ?")) {
                query.setString(1, jobId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** A check for the data path's loops: asks the database at most twice a second, and stays true once true. */
    public BooleanSupplier watch(String jobId) {
        return new BooleanSupplier() {
            private long lastCheck = System.nanoTime();
            private boolean cancelled;

            @Override
            public boolean getAsBoolean() {
                long now = System.nanoTime();
                if (!cancelled && now - lastCheck >= CHECK_EVERY_NANOS) {
                    lastCheck = now;
                    cancelled = isCancelled(jobId);
                }
                return cancelled;
            }
        };
    }
}
