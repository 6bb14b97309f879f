package io.backupcenter.worker.backup;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.kit.outbox.JdbcOutbox;
import io.backupcenter.worker.Directories;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.run.Lease;
import io.backupcenter.worker.run.LeaseLostException;
import io.backupcenter.worker.run.RunLeases;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The "record" step of a backup: its end published once, by the holder of the run's lease only. A success renames the
 * attempt's staging directory into the point, records the recovery point and queues its {@code snapshot-completed}
 * in one transaction under the run's fence — so a recovery point is never half visible, and a stale attempt (its
 * lease lost while it was paused) can neither publish nor touch the point's files. A failure queues a failed
 * {@code snapshot-completed}, fenced the same way.
 */
@ApplicationScoped
public class BackupRecords {

    private static final Logger LOG = Logger.getLogger(BackupRecords.class);

    private final WorkerDatabase database;
    private final RunLeases leases;
    private final Clock clock;

    BackupRecords(WorkerDatabase database, RunLeases leases, Clock clock) {
        this.database = database;
        this.leases = leases;
        this.clock = clock;
    }

    /** Publishes the recovery point of {@code attempt}; {@link LeaseLostException} when another attempt holds the run. */
    void succeeded(Lease lease, BackupRequested request, BackupAttempt attempt, TransferToVault.Outcome outcome) {
        database.retrying("record the recovery point of job " + request.jobId(), connection -> {
            leases.fence(connection, lease);
            Path snapshot = publishFiles(attempt, lease.token());
            insertPoint(connection, request, outcome, snapshot);
            leases.finish(connection, lease, "Completed", outcome.point().id());
            JdbcOutbox.add(connection, Topics.SNAPSHOT_COMPLETED, new SnapshotCompleted(UUID.randomUUID(),
                    clock.instant(), SnapshotCompletedEvent.SCHEMA_VERSION, request.jobId(), request.protectedItemId(),
                    request.vaultId(), SnapshotStatus.Succeeded, request.trigger(), request.retainUntil(),
                    request.scheduledFor(), request.policyId(), outcome.point(), null, outcome.warning(),
                    storedBytes(connection, request.vaultId())), clock.instant());
            return null;
        });
    }

    /**
     * Publishes the failure of the run; nothing when another attempt holds it (that one, or the watchdog, publishes
     * the run's end).
     */
    void failed(Lease lease, BackupRequested request, Failure failure) {
        try {
            database.retrying("record the failure of job " + request.jobId(), connection -> {
                leases.fence(connection, lease);
                leases.finish(connection, lease, "Failed", null);
                JdbcOutbox.add(connection, Topics.SNAPSHOT_COMPLETED, failedResult(request, failure, clock),
                        clock.instant());
                return null;
            });
        } catch (LeaseLostException lost) {
            LOG.warnf("the failure of job %s is not recorded by this attempt: %s", request.jobId(), lost.getMessage());
        }
    }

    /** The {@code snapshot-completed} of a backup that made no recovery point. */
    public static SnapshotCompleted failedResult(BackupRequested request, Failure failure, Clock clock) {
        return new SnapshotCompleted(UUID.randomUUID(), clock.instant(), SnapshotCompletedEvent.SCHEMA_VERSION,
                request.jobId(), request.protectedItemId(), request.vaultId(), SnapshotStatus.Failed,
                request.trigger(), request.retainUntil(), request.scheduledFor(), request.policyId(), null, failure,
                null, null);
    }

    /**
     * Moves the attempt's staging directory into the point (under the run's fence) and removes earlier attempts'
     * staging directories; where the snapshot now is. Nothing here deletes or replaces the point directory: a rename
     * onto an existing point fails, so an attempt that passed the fence and then lost its session (paused past the
     * database's idle timeout) cannot displace what the holder published. Should the point directory already be taken
     * (such an attempt renamed into it and never committed), this attempt's snapshot stays where it was staged and is
     * recorded there. Idempotent: a retried transaction finds the snapshot where the first try put it.
     */
    static Path publishFiles(BackupAttempt attempt, long token) {
        Path snapshot = attempt.point();
        try {
            if (Files.exists(attempt.staging())) {
                try {
                    Files.move(attempt.staging(), attempt.point(), StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileSystemException taken) {
                    // rename(2) onto a non-empty directory: ENOTEMPTY ("Directory not empty").
                    if (!Files.exists(attempt.point())) {
                        throw taken;
                    }
                    LOG.warnf("the snapshot directory of point %s holds an attempt that never committed: this "
                            + "attempt's snapshot stays at %s", attempt.pointId(), attempt.staging());
                    snapshot = attempt.staging();
                }
            }
            try (Stream<Path> siblings = Files.list(attempt.point().getParent())) {
                siblings.filter(path -> isEarlierAttempt(path, attempt.pointId(), token))
                        .forEach(Directories::delete);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the snapshot of point " + attempt.pointId() + " into place", e);
        }
        return snapshot;
    }

    private static boolean isEarlierAttempt(Path path, String pointId, long token) {
        String name = path.getFileName().toString();
        String prefix = "." + pointId + ".attempt-";
        if (!name.startsWith(prefix)) {
            return false;
        }
        try {
            return Long.parseLong(name.substring(prefix.length())) < token;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void insertPoint(Connection connection, BackupRequested request, TransferToVault.Outcome outcome,
            Path snapshotDirectory) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into recovery_point (id, vault_id, protected_item_id, job_id, time, type, size_bytes,
                    snapshot_resource_group, snapshot_path, disks, in_snapshot_tier, in_vault_tier, created_at,
                    geo_redundant, manifest_bytes, vm_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, true, ?, ?, ?, ?)
                on conflict (id) do nothing
                """)) {
            RecoveryPointInfo point = outcome.point();
            insert.setString(1, point.id());
            insert.setString(2, request.vaultId());
            insert.setString(3, request.protectedItemId());
            insert.setString(4, request.jobId());
            insert.setTimestamp(5, Timestamp.from(point.time()));
            insert.setString(6, point.type().name());
            insert.setLong(7, point.sizeBytes());
            insert.setString(8, point.snapshotResourceGroup());
            insert.setString(9, snapshotDirectory.toString());
            insert.setString(10, EventJson.write(outcome.disks()));
            insert.setTimestamp(11, Timestamp.from(clock.instant()));
            insert.setBoolean(12, request.geoRedundant());
            insert.setLong(13, outcome.manifestBytes());
            insert.setString(14, request.vm().name());
            insert.executeUpdate();
        }
    }

    private static Long storedBytes(Connection connection, String vaultId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select stored_bytes from vault_usage where vault_id = ?")) {
            query.setString(1, vaultId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        }
    }

    /** Counts {@code bytes} more stored in the vault. */
    void addUsage(String vaultId, long bytes) {
        database.retrying("count the manifests of vault " + vaultId, connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    insert into vault_usage (vault_id, stored_bytes) values (?, ?)
                    on conflict (vault_id) do update set stored_bytes = vault_usage.stored_bytes + excluded.stored_bytes
                    """)) {
                update.setString(1, vaultId);
                update.setLong(2, bytes);
                update.executeUpdate();
            }
            return null;
        });
    }
}
