package io.backupcenter.worker.run;

import io.backupcenter.kit.Failures;
import io.backupcenter.kit.messaging.ConsumerProgress;
import io.backupcenter.worker.WorkerDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * At most one run of a backup or restore at any moment, across workers, rebalances, pauses and redeliveries. A run
 * starts by claiming its row with a lease ({@code backup-center.worker.lease}, 30 s) and a fencing token one higher
 * than any earlier attempt's; a renewer thread extends every held lease a third of the way through it, and notes
 * whether the run moved (for {@link RunWatchdog}). A lease found taken over or ended by the watchdog (its token no
 * longer in the row, e.g. when a paused process resumes) is lost for good, and the run stops; while the database
 * cannot be asked the run goes on, since nothing can be published without it anyway. Only the holder of the current
 * token may publish: {@link #fence} locks the run's row and checks the token in the publishing
 * transaction.
 *
 * <p>A record delivered again while another live attempt holds its run (a rebalance moved the partition, the first
 * worker still runs it) waits here until that attempt ends (nothing to do) or its lease expires (it takes over).
 */
@ApplicationScoped
public class RunLeases {

    private static final Logger LOG = Logger.getLogger(RunLeases.class);

    private final WorkerDatabase database;
    private final ConsumerProgress consumers;
    private final Clock clock;
    private final String worker;
    private final Duration lease;
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService renewer;

    RunLeases(WorkerDatabase database, ConsumerProgress consumers, Clock clock,
            @ConfigProperty(name = "backup-center.worker.name") String worker,
            @ConfigProperty(name = "backup-center.worker.lease", defaultValue = "PT30S") Duration lease) {
        this.database = database;
        this.consumers = consumers;
        this.clock = clock;
        this.worker = worker;
        this.lease = lease;
    }

    @PostConstruct
    void start() {
        renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        renewer.shutdownNow();
    }

    /**
     * Claims job {@code jobId}'s run for this worker: its lease, or null when the run has ended already. Waits while
     * another live attempt holds it. {@code request} (JSON) is kept with the run, so that the watchdog can publish the
     * run's failure. Blocking.
     */
    public Lease claim(RunKind kind, String jobId, String itemId, String vaultId, String request) {
        boolean told = false;
        while (true) {
            Long token = database.retrying("claim the " + kind.name().toLowerCase() + " run of job " + jobId,
                    connection -> take(connection, kind, jobId, itemId, vaultId, request));
            if (token != null) {
                Lease claimed = new Lease(kind, jobId, token, this);
                held.add(claimed);
                if (token > 1) {
                    LOG.infof("took over the %s run of job %s (attempt %d)", kind.name().toLowerCase(), jobId, token);
                }
                return claimed;
            }
            String holder = database.retrying("look at the run of job " + jobId, connection -> liveHolder(connection,
                    kind, jobId));
            if (holder == null) {
                return null;
            }
            if (!told) {
                LOG.infof("job %s runs on %s under a live lease: waiting until it ends or its lease expires", jobId,
                        holder);
                told = true;
            }
            // The run moves elsewhere: this consumer is waiting on it, not stuck.
            consumers.advanced(kind == RunKind.BACKUP ? "backup-requested" : "restore-requested");
            sleep(Math.max(200, lease.toMillis() / 5));
        }
    }

    private Long take(Connection connection, RunKind kind, String jobId, String itemId, String vaultId,
            String request) throws SQLException {
        String sql = kind == RunKind.BACKUP ? """
                insert into backup_run (job_id, protected_item_id, vault_id, state, worker, started_at, lease_token,
                    lease_expires_at, progressed_at, request)
                values (?, ?, ?, 'Running', ?, ?, 1, clock_timestamp() + cast(? as interval), clock_timestamp(), ?)
                on conflict (job_id) do update set worker = excluded.worker,
                    lease_token = backup_run.lease_token + 1, lease_expires_at = excluded.lease_expires_at,
                    progressed_at = excluded.progressed_at, request = excluded.request
                where backup_run.state = 'Running'
                    and coalesce(backup_run.lease_expires_at, '-infinity') < clock_timestamp()
                returning lease_token
                """ : """
                insert into restore_run (job_id, state, worker, started_at, lease_token, lease_expires_at,
                    progressed_at, request)
                values (?, 'Running', ?, ?, 1, clock_timestamp() + cast(? as interval), clock_timestamp(), ?)
                on conflict (job_id) do update set worker = excluded.worker,
                    lease_token = restore_run.lease_token + 1, lease_expires_at = excluded.lease_expires_at,
                    progressed_at = excluded.progressed_at, request = excluded.request
                where restore_run.state = 'Running'
                    and coalesce(restore_run.lease_expires_at, '-infinity') < clock_timestamp()
                returning lease_token
                """;
        try (PreparedStatement claim = connection.prepareStatement(sql)) {
            int i = 1;
            claim.setString(i++, jobId);
            if (kind == RunKind.BACKUP) {
                claim.setString(i++, itemId);
                claim.setString(i++, vaultId);
            }
            claim.setString(i++, worker);
            claim.setTimestamp(i++, Timestamp.from(clock.instant()));
            claim.setString(i++, lease.toMillis() + " milliseconds");
            claim.setString(i, request);
            try (ResultSet rows = claim.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** The worker holding a live lease on the run; null when the run has ended (or its lease expired). */
    private static String liveHolder(Connection connection, RunKind kind, String jobId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select state, worker, "
                + "coalesce(lease_expires_at, '-infinity') >= clock_timestamp() from " + kind.table()
                + " where job_id = ?")) {
            query.setString(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next() || !"Running".equals(rows.getString(1))) {
                    return null;
                }
                // An expired lease: the next claim takes over (say "someone" so the caller tries again).
                return rows.getBoolean(3) ? rows.getString(2) : "an expired lease";
            }
        }
    }

    /**
     * In the transaction that publishes a run's end: locks the run's row and checks that {@code lease} still holds it;
     * {@link LeaseLostException} otherwise (then nothing may be published).
     */
    public void fence(Connection connection, Lease lease) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("select 1 from " + lease.kind().table()
                + " where job_id = ? and lease_token = ? and state = 'Running' for update")) {
            check.setString(1, lease.jobId());
            check.setLong(2, lease.token());
            try (ResultSet rows = check.executeQuery()) {
                if (!rows.next()) {
                    lease.markLost();
                    throw new LeaseLostException(lease);
                }
            }
        }
    }

    /** Ends the run (after {@link #fence} in the same transaction) as {@code state}. */
    public void finish(Connection connection, Lease lease, String state, String recoveryPointId) throws SQLException {
        String sql = lease.kind() == RunKind.BACKUP
                ? "update backup_run set state = ?, finished_at = ?, recovery_point_id = ? where job_id = ? "
                + "and lease_token = ?"
                : "update restore_run set state = ?, finished_at = ? where job_id = ? and lease_token = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            update.setString(i++, state);
            update.setTimestamp(i++, Timestamp.from(clock.instant()));
            if (lease.kind() == RunKind.BACKUP) {
                update.setString(i++, recoveryPointId);
            }
            update.setString(i++, lease.jobId());
            update.setLong(i, lease.token());
            update.executeUpdate();
        }
    }

    /**
     * Stops renewing {@code lease}; a run it left {@code Running} (its end not published: given up, or not even
     * recordable) has its lease expired at once, so that another attempt need not wait it out.
     */
    void release(Lease lease) {
        held.remove(lease);
        if (lease.lost()) {
            return;
        }
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement expire = connection.prepareStatement("update " + lease.kind().table()
                        + " set lease_expires_at = clock_timestamp() where job_id = ? and lease_token = ?"
                        + " and state = 'Running'")) {
                    expire.setString(1, lease.jobId());
                    expire.setLong(2, lease.token());
                    return expire.executeUpdate();
                }
            });
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("%s: lease not released (%s); it expires by itself", lease, e.getMessage());
        }
    }

    private void renewAll() {
        for (Lease lease : held) {
            try {
                boolean moved = lease.movedSinceLastAsked();
                boolean kept = database.inTransaction(connection -> renew(connection, lease, moved));
                if (kept) {
                    lease.renewed();
                } else {
                    LOG.warnf("%s lost its lease; the run stops", lease);
                    lease.markLost();
                    held.remove(lease);
                }
            } catch (SQLException | RuntimeException e) {
                // The database cannot be asked (an outage): the run goes on, its lease is renewed — or found taken
                // over, and the run stopped — once the database answers again. Meanwhile nothing it does can be
                // published: the fence is in the database too.
                if (lease.nanosSinceRenewed() > this.lease.toNanos()) {
                    LOG.warnf("%s has not renewed its lease for %d s (%s); it goes on, and publishes only if it still "
                            + "holds the run when the database answers", lease,
                            lease.nanosSinceRenewed() / 1_000_000_000L, Failures.firstLine(e.getMessage()));
                }
            }
        }
    }

    private boolean renew(Connection connection, Lease lease, boolean moved) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + lease.kind().table()
                + " set lease_expires_at = clock_timestamp() + cast(? as interval), progressed_at = case when ? "
                + "then clock_timestamp() else progressed_at end "
                + "where job_id = ? and lease_token = ? and state = 'Running'")) {
            update.setString(1, this.lease.toMillis() + " milliseconds");
            update.setBoolean(2, moved);
            update.setString(3, lease.jobId());
            update.setLong(4, lease.token());
            return update.executeUpdate() == 1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another attempt's lease", e);
        }
    }
}
