package io.backupcenter.worker.verify;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.verify.VerifyCompleted;
import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.contracts.verify.VerifyStarted;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.outbox.JdbcOutbox;
import io.backupcenter.worker.DataPathPools;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.store.JdbcChunkIndex;
import io.backupcenter.worker.vault.VaultKeys;
import io.backupcenter.worker.vault.VaultLocks;
import io.backupcenter.worker.vault.VaultStorage;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Verify jobs (as Proxmox Backup Server's): every {@code backup-center.verify.every} (24 h) each vault's recovery
 * points in the vault tier are read back chunk by chunk — decrypted and checked against their hashes, as a restore
 * would, each chunk once however many points share it — and the result is a {@code Verify} job: Completed, or Failed
 * naming each damaged recovery point with its VM and what is wrong. One worker verifies a vault at a time (a row per
 * vault claims it); a verification whose worker stopped is ended as interrupted by the next. The vault's shared lock
 * keeps garbage collection away meanwhile; backups go on.
 */
@ApplicationScoped
public class VaultVerifier {

    private static final Logger LOG = Logger.getLogger(VaultVerifier.class);
    /** Who {@code initiatedBy} names for scheduled verifications. */
    static final String INITIATOR = "schedule";
    public static final String DAMAGED = "DamagedRecoveryPoints";

    private final WorkerDatabase database;
    private final VaultLocks locks;
    private final VaultKeys keys;
    private final VaultStorage storage;
    private final DataPathPools pools;
    private final Clock clock;
    private final String worker;
    private final Duration every;

    VaultVerifier(WorkerDatabase database, VaultLocks locks, VaultKeys keys, VaultStorage storage, DataPathPools pools,
            Clock clock, @ConfigProperty(name = "backup-center.worker.name") String worker,
            @ConfigProperty(name = "backup-center.verify.every", defaultValue = "24h") String every) {
        this.database = database;
        this.locks = locks;
        this.keys = keys;
        this.storage = storage;
        this.pools = pools;
        this.clock = clock;
        this.worker = worker;
        this.every = Duration.parse(every.toUpperCase().startsWith("P") ? every : "PT" + every.toUpperCase());
    }

    /** A recovery point to read back. */
    private record Point(String id, String itemId, String vmName, List<DiskManifest> disks) {
    }

    /** Verifies every vault whose last verification started longer than {@code every} ago. */
    @Scheduled(every = "${backup-center.verify.every:24h}", delayed = "${backup-center.verify.delay:15m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void verifyDue() {
        try {
            List<String> vaults = database.inTransaction(connection -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement query = connection.prepareStatement(
                        "select distinct vault_id from recovery_point where in_vault_tier order by vault_id");
                     ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            });
            for (String vaultId : vaults) {
                String jobId = UUID.randomUUID().toString();
                if (database.inTransaction(connection -> claim(connection, vaultId, jobId, INITIATOR, false))) {
                    VerifyCompleted result = run(vaultId, jobId);
                    LOG.infof("verify job %s of vault %s: %s, %d point(s), %d damaged", jobId, vaultId,
                            result.status(), result.recoveryPointsChecked(), result.damaged().size());
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("verification stopped, it runs again later: %s", Failures.describe(e));
        }
    }

    /** Verifies one vault now, whenever it was last verified; the outcome, also published as its job's end. */
    public VerifyCompleted verifyNow(String vaultId, String initiatedBy) throws SQLException {
        String jobId = UUID.randomUUID().toString();
        database.inTransaction(connection -> claim(connection, vaultId, jobId, initiatedBy, true));
        return run(vaultId, jobId);
    }

    /**
     * Takes the vault's verification for job {@code jobId} (when due, or always when {@code force}) and announces the
     * job; a previous verification left unfinished is ended as interrupted. False when the vault is not due.
     */
    private Boolean claim(Connection connection, String vaultId, String jobId, String initiatedBy, boolean force)
            throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ensure = connection.prepareStatement("""
                insert into vault_verification (vault_id, job_id, worker, started_at, finished_at)
                values (?, '', '', '-infinity', '-infinity') on conflict (vault_id) do nothing""")) {
            ensure.setString(1, vaultId);
            ensure.executeUpdate();
        }
        String previousJob;
        try (PreparedStatement lock = connection.prepareStatement(
                "select job_id, started_at, finished_at from vault_verification where vault_id = ? for update")) {
            lock.setString(1, vaultId);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                Instant started = row.getTimestamp(2).toInstant();
                if (!force && started.isAfter(now.minus(every))) {
                    return false;
                }
                previousJob = row.getTimestamp(3) == null ? row.getString(1) : null;
            }
        }
        if (previousJob != null) {
            publish(connection, new VerifyCompleted(UUID.randomUUID(), now, VerifyEvent.SCHEMA_VERSION, previousJob,
                    vaultId, SnapshotStatus.Failed, 0, 0, 0, List.of(), new Failure("VerifyInterrupted",
                    "The worker verifying this vault stopped before the end; job " + jobId + " verifies it again.")));
        }
        try (PreparedStatement claim = connection.prepareStatement("""
                update vault_verification set job_id = ?, worker = ?, started_at = ?, finished_at = null
                where vault_id = ?""")) {
            claim.setString(1, jobId);
            claim.setString(2, worker);
            claim.setTimestamp(3, Timestamp.from(now));
            claim.setString(4, vaultId);
            claim.executeUpdate();
        }
        publish(connection, new VerifyStarted(UUID.randomUUID(), now, VerifyEvent.SCHEMA_VERSION, jobId, vaultId,
                count(connection, vaultId), initiatedBy));
        return true;
    }

    private VerifyCompleted run(String vaultId, String jobId) throws SQLException {
        List<Point> points = database.inTransaction(connection -> points(connection, vaultId));
        List<VerifyCompleted.DamagedPoint> damaged = new ArrayList<>();
        long chunks = 0;
        long bytes = 0;
        try (VaultLocks.Held ignored = locks.shared(vaultId)) {
            RestoreEngine engine = new RestoreEngine(storage.of(vaultId, false),
                    new JdbcChunkIndex(database.dataSource(), vaultId), new ChunkCodec(keys.keyOf(vaultId), 1),
                    pools.segments(), 256, 1);
            Set<ChunkId> verified = new HashSet<>();
            for (Point point : points) {
                try {
                    for (DiskManifest disk : point.disks()) {
                        RestoreEngine.Verified read = engine.verify(
                                engine.manifest(point.id(), disk.name(), disk.digest()), verified);
                        chunks += read.chunks();
                        bytes += read.bytes();
                    }
                } catch (IOException | RuntimeException e) {
                    damaged.add(new VerifyCompleted.DamagedPoint(point.itemId(), point.vmName(), point.id(),
                            Failures.firstLine(e.getMessage())));
                }
            }
        } catch (SQLException | RuntimeException e) {
            return finish(vaultId, jobId, new VerifyCompleted(UUID.randomUUID(), clock.instant(),
                    VerifyEvent.SCHEMA_VERSION, jobId, vaultId, SnapshotStatus.Failed, points.size(), chunks, bytes,
                    damaged, new Failure("VerifyFailed", "The vault could not be verified: "
                            + Failures.firstLine(e.getMessage()) + ". It is verified again at the next run.")));
        }
        return finish(vaultId, jobId, damaged.isEmpty()
                ? new VerifyCompleted(UUID.randomUUID(), clock.instant(), VerifyEvent.SCHEMA_VERSION, jobId, vaultId,
                        SnapshotStatus.Succeeded, points.size(), chunks, bytes, List.of(), null)
                : new VerifyCompleted(UUID.randomUUID(), clock.instant(), VerifyEvent.SCHEMA_VERSION, jobId, vaultId,
                        SnapshotStatus.Failed, points.size(), chunks, bytes, damaged,
                        new Failure(DAMAGED, describe(damaged, points.size()))));
    }

    /** Marks the verification done and publishes its end, in one transaction. */
    private VerifyCompleted finish(String vaultId, String jobId, VerifyCompleted result) {
        database.retrying("record verify job " + jobId, connection -> {
            try (PreparedStatement done = connection.prepareStatement(
                    "update vault_verification set finished_at = ? where vault_id = ? and job_id = ?")) {
                done.setTimestamp(1, Timestamp.from(clock.instant()));
                done.setString(2, vaultId);
                done.setString(3, jobId);
                done.executeUpdate();
            }
            publish(connection, result);
            return null;
        });
        return result;
    }

    /** "2 of 14 recovery points cannot be restored whole: VM 'hotel' (item …): point … (why); …". */
    static String describe(List<VerifyCompleted.DamagedPoint> damaged, int of) {
        return damaged.size() + " of " + of + " recovery points cannot be restored whole: " + damaged.stream()
                .map(d -> (d.vmName() != null ? "VM '" + d.vmName() + "' " : "") + "(item " + d.protectedItemId()
                        + "): point " + d.recoveryPointId() + " (" + d.reason() + ")")
                .collect(Collectors.joining("; ")) + ".";
    }

    private List<Point> points(Connection connection, String vaultId) throws SQLException {
        List<Point> points = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select id, protected_item_id, vm_name, disks from recovery_point
                where vault_id = ? and in_vault_tier order by time""")) {
            query.setString(1, vaultId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    points.add(new Point(rows.getString(1), rows.getString(2), rows.getString(3),
                            List.of(EventJson.mapper().readValue(rows.getString(4), DiskManifest[].class))));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("a recovery point's disks cannot be read: " + e.getOriginalMessage(), e);
            }
        }
        return points;
    }

    private static int count(Connection connection, String vaultId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select count(*) from recovery_point where vault_id = ? and in_vault_tier")) {
            query.setString(1, vaultId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private void publish(Connection connection, VerifyEvent event) throws SQLException {
        JdbcOutbox.add(connection, Topics.VAULT_VERIFICATIONS, event, clock.instant());
    }
}
