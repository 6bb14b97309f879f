package io.backupcenter.worker.backup;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.job.JobCancelRequested;
import io.backupcenter.kit.Failures;
import io.backupcenter.worker.ProgressReporter;
import io.backupcenter.worker.WorkerDatabase;
import io.backupcenter.worker.cancel.Cancellations;
import io.backupcenter.worker.datapath.backup.BackupCancelledException;
import io.backupcenter.worker.datapath.source.DiskUnavailableException;
import io.backupcenter.worker.run.Lease;
import io.backupcenter.worker.run.LeaseLostException;
import io.backupcenter.worker.run.RunKind;
import io.backupcenter.worker.run.RunLeases;
import io.backupcenter.worker.vault.VaultLocks;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs one requested backup from start to end, in four steps, each with its own failure path:
 * <ol>
 * <li><b>claim</b> ({@link RunLeases}): the run's lease and fencing token, or nothing to do when the job has ended;
 * <li><b>Take Snapshot</b> ({@link TakeSnapshot}): each disk captured at one point in time into this attempt's own
 * staging directory;
 * <li><b>Transfer data to vault</b> ({@link TransferToVault}) from the snapshot (the VM may keep writing);
 * <li><b>record</b> ({@link BackupRecords}): under the run's fence, the staging directory renamed into the point, the
 * recovery point recorded and its {@code snapshot-completed} queued in one transaction.
 * </ol>
 * Every way a run can end publishes its end: a {@link BackupFailed} with its reason, any other exception or
 * {@link Error} as {@code WorkerError}; only an attempt that lost its lease publishes nothing (the holder, or the
 * watchdog, does). A job whose worker died is run again by the next one to receive it, under a new token, and dedup
 * makes the data it had already written count. Blocking: runs on the backups worker pool.
 */
@ApplicationScoped
public class BackupRunner {

    private static final Logger LOG = Logger.getLogger(BackupRunner.class);

    private final WorkerDatabase database;
    private final VaultLocks locks;
    private final RunLeases leases;
    private final ProgressReporter reporter;
    private final Cancellations cancellations;
    private final TakeSnapshot snapshots;
    private final TransferToVault transfers;
    private final BackupRecords records;
    /** Fault injection for the system tests: backups of VMs whose name matches fail with a RuntimeException / Error. */
    private final Optional<Pattern> throwFor;
    private final Optional<Pattern> errorFor;

    BackupRunner(WorkerDatabase database, VaultLocks locks, RunLeases leases, ProgressReporter reporter,
            Cancellations cancellations, TakeSnapshot snapshots, TransferToVault transfers, BackupRecords records,
            @ConfigProperty(name = "backup-center.worker.fault.throw-for-vm") Optional<Pattern> throwFor,
            @ConfigProperty(name = "backup-center.worker.fault.error-for-vm") Optional<Pattern> errorFor) {
        this.database = database;
        this.locks = locks;
        this.leases = leases;
        this.reporter = reporter;
        this.cancellations = cancellations;
        this.snapshots = snapshots;
        this.transfers = transfers;
        this.records = records;
        this.throwFor = throwFor;
        this.errorFor = errorFor;
    }

    /** Runs the backup of {@code request} to its end; a job already finished is left alone. */
    public void run(BackupRequested request) {
        Lease lease = leases.claim(RunKind.BACKUP, request.jobId(), request.protectedItemId(), request.vaultId(),
                EventJson.write(request));
        if (lease == null) {
            LOG.infof("job %s has finished already: nothing to do", request.jobId());
            return;
        }
        BackupAttempt attempt = null;
        boolean published = false;
        try {
            injectFaults(request);
            // Garbage collection of the vault waits until this backup's point is recorded (its chunks count as live);
            // a backup waiting for a collection to end is not stalled.
            lease.waiting();
            try (VaultLocks.Held vaultLock = lockVault(request.vaultId(), lease)) {
                attempt = snapshots.place(request, recoveryPointId(request.jobId()), lease);
                TransferToVault.Outcome outcome = backUp(request, attempt, lease);
                records.succeeded(lease, request, attempt, outcome);
                published = true;
                LOG.infof("job %s: %s", request.jobId(), outcome.timings());
            } catch (BackupFailed failed) {
                LOG.warnf("backup job %s of item %s failed: %s", request.jobId(), request.protectedItemId(),
                        failed.failure.message());
                discard(attempt);
                records.failed(lease, request, failed.failure);
            }
        } catch (LeaseLostException lost) {
            LOG.warnf("backup job %s: %s; this attempt stops and publishes nothing", request.jobId(),
                    lost.getMessage());
        } catch (RuntimeException | Error unexpected) {
            // Whatever went wrong, the job ends: failed, with the reason, so the item can be backed up again at once.
            LOG.errorf(unexpected, "backup job %s ended abnormally", request.jobId());
            discard(attempt);
            records.failed(lease, request, new Failure("WorkerError", "The worker running the backup failed: "
                    + Failures.firstLine(String.valueOf(unexpected.getMessage())) + " ("
                    + unexpected.getClass().getSimpleName() + "). No recovery point was made; back up again."));
        } finally {
            if (!published) {
                discard(attempt);
            }
            // After the end is published (or given up): a run left Running is free for another attempt at once.
            lease.close();
        }
    }

    /** What this attempt staged goes before its end is published: a job seen ended has left nothing behind. */
    private static void discard(BackupAttempt attempt) {
        if (attempt != null) {
            attempt.discard();
        }
    }

    private VaultLocks.Held lockVault(String vaultId, Lease lease) {
        try {
            return database.retry("lock vault " + vaultId, () -> locks.shared(vaultId));
        } finally {
            lease.doneWaiting();
        }
    }

    /** Take Snapshot, then Transfer data to vault; every failure said in words the job shows. */
    private TransferToVault.Outcome backUp(BackupRequested request, BackupAttempt attempt, Lease lease)
            throws BackupFailed {
        BackupProgress progress = new BackupProgress(reporter, request, lease);
        try {
            if (cancellations.isCancelled(request.jobId())) {
                throw cancelled();
            }
            long started = System.nanoTime();
            TakeSnapshot.Snapshot snapshot = snapshots.take(request, attempt, progress);
            long snapshotted = System.nanoTime();
            lease.check();
            if (cancellations.isCancelled(request.jobId())) {
                throw cancelled();
            }
            TransferToVault.Outcome outcome = transfers.transfer(request, attempt, snapshot, lease, progress);
            long transferred = System.nanoTime();
            LOG.infof("job %s: snapshot of %d MiB in %.1f s, transfer in %.1f s (%.0f MB/s, %d MiB stored)",
                    request.jobId(), snapshot.totalBytes() >> 20, (snapshotted - started) / 1e9,
                    (transferred - snapshotted) / 1e9,
                    snapshot.totalBytes() / 1e6 / Math.max(0.001, (transferred - snapshotted) / 1e9),
                    outcome.point().stats().bytesStored() >> 20);
            return outcome;
        } catch (BackupCancelledException e) {
            lease.check();
            throw cancelled();
        } catch (LeaseLostException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            lease.check();
            throw failure(request, e);
        }
    }

    /**
     * Ends a job whose request could not even be run (its claim failed unexpectedly): failed, with the reason, when this
     * worker can take the run; nothing when it has ended or another live attempt holds it.
     */
    public void failUnrun(BackupRequested request, Throwable cause) {
        Lease lease = leases.claim(RunKind.BACKUP, request.jobId(), request.protectedItemId(), request.vaultId(),
                EventJson.write(request));
        if (lease == null) {
            return;
        }
        try {
            records.failed(lease, request, new Failure("WorkerError", "The worker could not run the backup: "
                    + Failures.firstLine(String.valueOf(cause.getMessage())) + ". No recovery point was made; back"
                    + " up again."));
        } finally {
            lease.close();
        }
    }

    private void injectFaults(BackupRequested request) {
        String vm = request.vm().name();
        if (throwFor.isPresent() && throwFor.get().matcher(vm).matches()) {
            throw new IllegalStateException("injected fault (backup-center.worker.fault.throw-for-vm)");
        }
        if (errorFor.isPresent() && errorFor.get().matcher(vm).matches()) {
            throw new AssertionError("injected error (backup-center.worker.fault.error-for-vm)");
        }
    }

    private static BackupFailed cancelled() {
        return new BackupFailed(JobCancelRequested.BACKUP_CANCELLED,
                "The backup was cancelled; no recovery point was made.");
    }

    private BackupFailed failure(BackupRequested request, Exception e) {
        String message = Failures.firstLine(e.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return new BackupFailed("VaultStorageFull", "The vault storage is full: " + message
                    + ". Free space or grow the storage, then back up again; the vault's other data is intact.");
        }
        if (e instanceof DiskUnavailableException) {
            return new BackupFailed("SourceDiskMissing", "A disk of VM '" + request.vm().name()
                    + "' could not be read: " + message);
        }
        LOG.errorf(e, "backup job %s failed", request.jobId());
        return new BackupFailed("BackupFailed", "The backup failed: " + message);
    }

    /** The recovery point a job makes: derived from the job, so a rerun of the job makes the same point. */
    static String recoveryPointId(String jobId) {
        return UUID.nameUUIDFromBytes(("RecoveryPoint:" + jobId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
