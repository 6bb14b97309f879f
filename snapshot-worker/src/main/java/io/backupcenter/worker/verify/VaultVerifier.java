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
import io.backupcenter.worker.SimulatedDelay;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Verify jobs (as Proxmox Backup Server's): every {@code backup-center.verify.every} (24 h) each vault's recovery
 * points in the vault tier are read back chunk by chunk — decrypted and checked against their hashes, as a restore
 * would, each chunk once however many points share it — and the result is a {@code Verify} job: Completed, or Failed
 * naming each damaged recovery point with its VM and what is wrong. Every copy of a geo-redundant vault is read on its
 * own, and a point damaged in one copy is repaired from the other when that one read back whole (the job then says
 * what was repaired). A storage or database outage is never taken for damage: the job fails {@code VerifyFailed},
 * and the vault is verified again within {@code backup-center.verify.retry-after} (15 min). One worker verifies a
 * vault at a time (a row per vault claims it); a verification whose worker stopped is ended as interrupted by the
 * next. The vault's shared lock keeps garbage collection away meanwhile; backups go on.
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
    private final Duration retryAfter;
    private final SimulatedDelay simulatedDelay;
    private final Duration staleAfter;

    VaultVerifier(WorkerDatabase database, VaultLocks locks, VaultKeys keys, VaultStorage storage, DataPathPools pools,
            Clock clock, @ConfigProperty(name = "backup-center.worker.name") String worker,
            @ConfigProperty(name = "backup-center.verify.every", defaultValue = "24h") String every,
            @ConfigProperty(name = "backup-center.verify.retry-after", defaultValue = "PT15M") Duration retryAfter,
            SimulatedDelay simulatedDelay,
            @ConfigProperty(name = "backup-center.verify.stale-after", defaultValue = "PT6H") Duration staleAfter) {
        this.staleAfter = staleAfter;
        this.retryAfter = retryAfter;
        this.simulatedDelay = simulatedDelay;
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
    record Point(String id, String itemId, String vmName, List<DiskManifest> disks, boolean geoRedundant) {
    }

    /** Verifies every vault whose last verification started longer than {@code every} ago. */
    @Scheduled(every = "${backup-center.verify.check-every:15m}", delayed = "${backup-center.verify.delay:15m}",
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
        return verifyNow(vaultId, UUID.randomUUID().toString(), initiatedBy);
    }

    /**
     * Runs Verify job {@code jobId} of the vault now (asked for through the API); nothing when that job has run
     * already (a redelivered request). The outcome, or null.
     */
    public VerifyCompleted verifyNow(String vaultId, String jobId, String initiatedBy) throws SQLException {
        awaitRunningVerification(vaultId, jobId);
        boolean fresh = database.inTransaction(connection -> {
            try (PreparedStatement seen = connection.prepareStatement(
                    "select 1 from vault_verification where vault_id = ? and job_id = ? and finished_at is not null")) {
                seen.setString(1, vaultId);
                seen.setString(2, jobId);
                try (ResultSet rows = seen.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            return claim(connection, vaultId, jobId, initiatedBy, true);
        });
        return fresh ? run(vaultId, jobId) : null;
    }

    /**
     * Waits while another verification of the vault runs (one that started less than
     * {@code backup-center.verify.stale-after} ago, 6 h, and has not ended): two never read a vault at once, and a
     * live one is not ended as interrupted. One older than that is taken for dead.
     */
    private void awaitRunningVerification(String vaultId, String jobId) throws SQLException {
        while (true) {
            boolean running = database.inTransaction(connection -> {
                try (PreparedStatement query = connection.prepareStatement("select 1 from vault_verification "
                        + "where vault_id = ? and job_id <> ? and finished_at is null and started_at > ?")) {
                    query.setString(1, vaultId);
                    query.setString(2, jobId);
                    query.setTimestamp(3, Timestamp.from(clock.instant().minus(staleAfter)));
                    try (ResultSet rows = query.executeQuery()) {
                        return rows.next();
                    }
                }
            });
            if (!running) {
                return;
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the running verification of " + vaultId, e);
            }
        }
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
        if (previousJob != null && !previousJob.equals(jobId)) {
            publish(connection, new VerifyCompleted(UUID.randomUUID(), now, VerifyEvent.SCHEMA_VERSION, previousJob,
                    vaultId, SnapshotStatus.Failed, 0, 0, 0, List.of(), new Failure("VerifyInterrupted",
                    "The worker verifying this vault stopped before the end; job " + jobId + " verifies it again."),
                    List.of()));
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

    /** The damage found in one copy: point id → what is wrong. */
    record CopyDamage(VaultStorage.Copy copy, Map<String, String> points) {
    }

    /** The storage or the database could not be read: nothing can be said about the data. */
    static final class Unverifiable extends Exception {
        Unverifiable(Throwable cause) {
            super(Failures.firstLine(cause.getMessage()), cause, false, false);
        }
    }

    private VerifyCompleted run(String vaultId, String jobId) {
        List<Point> points = new ArrayList<>();
        boolean geoRedundant = false;
        long[] read = new long[2];
        List<CopyDamage> damage = new ArrayList<>();
        List<VerifyCompleted.RepairedPoint> repaired = new ArrayList<>();
        try (VaultLocks.Held ignored = locks.shared(vaultId)) {
            points.addAll(database.inTransaction(connection -> points(connection, vaultId)));
            geoRedundant = points.stream().anyMatch(Point::geoRedundant);
            List<VaultStorage.Copy> copies = storage.copies(vaultId, geoRedundant);
            ChunkCodec codec = new ChunkCodec(keys.keyOf(vaultId), 1);
            JdbcChunkIndex index = new JdbcChunkIndex(database.dataSource(), vaultId);
            for (VaultStorage.Copy copy : copies) {
                damage.add(new CopyDamage(copy, verifyCopy(copy, points, codec, index,
                        copy == copies.get(0) ? read : new long[2])));
            }
            if (damage.size() == 2) {
                CopyRepair repairs = new CopyRepair(database, pools, vaultId, codec, index);
                repairs.repair(damage.get(0), damage.get(1), points, repaired);
                repairs.repair(damage.get(1), damage.get(0), points, repaired);
            }
        } catch (Unverifiable | SQLException | RuntimeException e) {
            // Not a verdict on the data: the job failed to run, and the vault is verified again soon.
            dueAgainSoon(vaultId);
            return finish(vaultId, jobId, new VerifyCompleted(UUID.randomUUID(), clock.instant(),
                    VerifyEvent.SCHEMA_VERSION, jobId, vaultId, SnapshotStatus.Failed, points.size(), read[0], read[1],
                    List.of(), new Failure("VerifyFailed", "The vault could not be verified: "
                            + Failures.firstLine(e.getMessage()) + ". This says nothing about its data; it is verified"
                            + " again within " + retryAfter.toMinutes() + " minutes."), List.of()));
        }
        List<VerifyCompleted.DamagedPoint> damaged = new ArrayList<>();
        for (Point point : points) {
            List<String> reasons = new ArrayList<>();
            for (CopyDamage copy : damage) {
                String reason = copy.points().get(point.id());
                if (reason != null) {
                    reasons.add(geoRedundant ? copy.copy().name() + " copy: " + reason : reason);
                }
            }
            if (!reasons.isEmpty()) {
                damaged.add(new VerifyCompleted.DamagedPoint(point.itemId(), point.vmName(), point.id(),
                        String.join("; ", reasons)));
            }
        }
        return finish(vaultId, jobId, damaged.isEmpty()
                ? new VerifyCompleted(UUID.randomUUID(), clock.instant(), VerifyEvent.SCHEMA_VERSION, jobId, vaultId,
                        SnapshotStatus.Succeeded, points.size(), read[0], read[1], List.of(), null, repaired)
                : new VerifyCompleted(UUID.randomUUID(), clock.instant(), VerifyEvent.SCHEMA_VERSION, jobId, vaultId,
                        SnapshotStatus.Failed, points.size(), read[0], read[1], damaged,
                        new Failure(DAMAGED, describe(damaged, points.size())), repaired));
    }

    /**
     * Reads back every point of one copy: the damaged ones, each with what is wrong. {@link Unverifiable} when the
     * copy or the index cannot be read at all — an outage is never reported as damage.
     */
    private Map<String, String> verifyCopy(VaultStorage.Copy copy, List<Point> points, ChunkCodec codec,
            JdbcChunkIndex index, long[] read) throws Unverifiable {
        try {
            // A copy with no pack at all while points exist is storage not there (unmounted, wrong bucket), not a
            // vault whose every point is damaged: nothing can be said, and nothing is "repaired" into it.
            if (!points.isEmpty() && copy.store().list("manifests/").isEmpty()) {
                throw new Unverifiable(new IOException("the " + copy.name() + " copy (" + copy.store().describe()
                        + ") holds no data at all: is its storage there?"));
            }
        } catch (IOException e) {
            throw new Unverifiable(e);
        }
        RestoreEngine engine = new RestoreEngine(copy.store(), index, codec, pools.segments(), 256, 1);
        Set<ChunkId> verified = new HashSet<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        for (Point point : points) {
            simulatedDelay.pause();
            try {
                for (DiskManifest disk : point.disks()) {
                    RestoreEngine.Verified done = engine.verify(engine.manifest(point.id(), disk.name(),
                            disk.digest()), verified);
                    read[0] += done.chunks();
                    read[1] += done.bytes();
                }
            } catch (IOException | RuntimeException e) {
                if (!isDamage(e)) {
                    throw new Unverifiable(e);
                }
                damaged.put(point.id(), Failures.firstLine(e.getMessage()));
            }
        }
        return damaged;
    }

    /** Damage is data that fails its check or is not there; anything else (an outage) says nothing about the data. */
    static boolean isDamage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.backupcenter.worker.datapath.chunk.DamagedDataException
                    || t instanceof java.nio.file.NoSuchFileException) {
                return true;
            }
        }
        return false;
    }

    /** After a verification that could not run, the vault is due again at the next check. */
    private void dueAgainSoon(String vaultId) {
        try {
            database.retrying("reschedule the verification of vault " + vaultId, connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "update vault_verification set started_at = ? where vault_id = ?")) {
                    update.setTimestamp(1, Timestamp.from(clock.instant().minus(every).plus(retryAfter)));
                    update.setString(2, vaultId);
                    update.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("cannot reschedule the verification of vault %s: %s", vaultId, e.getMessage());
        }
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
                select id, protected_item_id, vm_name, disks, geo_redundant from recovery_point
                where vault_id = ? and in_vault_tier order by time""")) {
            query.setString(1, vaultId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    points.add(new Point(rows.getString(1), rows.getString(2), rows.getString(3),
                            List.of(EventJson.mapper().readValue(rows.getString(4), DiskManifest[].class)),
                            rows.getBoolean(5)));
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
