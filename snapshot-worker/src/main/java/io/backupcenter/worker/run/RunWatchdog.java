package io.backupcenter.worker.run;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.outbox.JdbcOutbox;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.backup.BackupRecords;
import io.backupcenter.worker.restore.RestoreRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Every job ends: a run that has not moved for {@code backup-center.worker.stalled-after} (10 min) — no progress
 * report, no step begun, no byte more in its snapshot copy; its worker lost, hung or paused — is ended {@code Failed}
 * with {@code WorkerLost} and the reason, its lease revoked (a higher token), and its {@code snapshot-completed} or
 * {@code restore-completed} published as any failure is: the job shows it, and the item can be backed up again at
 * once. Every worker runs it every {@code backup-center.worker.watchdog-every} (30 s); rows are claimed with
 * {@code SKIP LOCKED}, so each stalled run is ended once.
 */
@ApplicationScoped
public class RunWatchdog {

    private static final Logger LOG = Logger.getLogger(RunWatchdog.class);

    private final WorkerDatabase database;
    private final Clock clock;
    private final Duration stalledAfter;
    private final Counter ended;

    RunWatchdog(WorkerDatabase database, Clock clock, MeterRegistry registry,
            @ConfigProperty(name = "backup-center.worker.stalled-after", defaultValue = "PT10M") Duration stalledAfter) {
        this.database = database;
        this.clock = clock;
        this.stalledAfter = stalledAfter;
        this.ended = Counter.builder("backup_center_runs_ended_by_watchdog_total")
                .description("Backup and restore runs ended Failed (WorkerLost) because they stopped moving")
                .register(registry);
    }

    @Scheduled(every = "${backup-center.worker.watchdog-every:30s}", delayed = "${backup-center.worker.watchdog-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void endStalledRuns() {
        try {
            for (RunKind kind : RunKind.values()) {
                int count = database.inTransaction(connection -> endStalled(connection, kind));
                if (count > 0) {
                    ended.increment(count);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("the run watchdog could not look at the runs (%s); it tries again", Failures.firstLine(
                    e.getMessage()));
        }
    }

    private int endStalled(Connection connection, RunKind kind) throws SQLException {
        String table = kind.table();
        try (PreparedStatement stalled = connection.prepareStatement("with stalled as (select job_id from " + table
                + " where state = 'Running' and request is not null"
                + " and coalesce(progressed_at, started_at) < clock_timestamp() - cast(? as interval)"
                + " for update skip locked)"
                + " update " + table + " r set state = 'Failed', finished_at = clock_timestamp(),"
                + " lease_token = r.lease_token + 1 from stalled where r.job_id = stalled.job_id"
                + " returning r.job_id, r.worker, r.request")) {
            stalled.setString(1, stalledAfter.toMillis() + " milliseconds");
            int count = 0;
            try (ResultSet rows = stalled.executeQuery()) {
                while (rows.next()) {
                    count++;
                    try {
                        publish(connection, kind, rows.getString(1), rows.getString(2), rows.getString(3));
                    } catch (RuntimeException unreadable) {
                        // One run whose request cannot be read must not keep the others from ending.
                        LOG.errorf("the stalled %s run of job %s is ended, but its request cannot be read to publish"
                                + " its end: %s", kind.name().toLowerCase(), rows.getString(1),
                                unreadable.getMessage());
                    }
                }
            }
            return count;
        }
    }

    private void publish(Connection connection, RunKind kind, String jobId, String worker, String request)
            throws SQLException {
        String minutes = stalledAfter.toSeconds() % 60 == 0 ? stalledAfter.toMinutes() + " minutes"
                : stalledAfter.toSeconds() + " seconds";
        LOG.warnf("the %s run of job %s on %s has not moved for %s: ended Failed (WorkerLost)",
                kind.name().toLowerCase(), jobId, worker, minutes);
        String what = kind == RunKind.BACKUP ? "backup" : "restore";
        Failure failure = new Failure("WorkerLost", "The worker running the " + what + " (" + worker
                + ") made no progress for " + minutes + ": it was lost, hung or paused. "
                + (kind == RunKind.BACKUP ? "No recovery point was made; back up again."
                : "Disks it may have written are incomplete; restore again."));
        if (kind == RunKind.BACKUP) {
            BackupRequested backup = (BackupRequested) EventJson.read(request, BackupRequestedEvent.class);
            JdbcOutbox.add(connection, Topics.SNAPSHOT_COMPLETED, BackupRecords.failedResult(backup, failure, clock),
                    clock.instant());
        } else {
            RestoreRequested restore = (RestoreRequested) EventJson.read(request, RestoreRequestedEvent.class);
            JdbcOutbox.add(connection, Topics.RESTORE_COMPLETED, RestoreRunner.result(restore, SnapshotStatus.Failed,
                    List.of(), failure, clock), clock.instant());
        }
    }
}
