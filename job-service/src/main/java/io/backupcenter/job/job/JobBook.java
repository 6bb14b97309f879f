package io.backupcenter.job.job;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.protection.BackupDataDeleted;
import io.backupcenter.contracts.protection.ItemUndeleted;
import io.backupcenter.contracts.protection.ProtectionConfigurationFailed;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.protection.ProtectionStopped;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Turns events into jobs: every operation that runs as a job announces itself with the job's id, and each event
 * creates or completes that job. Runs in the consumer's transaction; the same event twice changes nothing twice.
 */
@ApplicationScoped
public class JobBook {

    private final JobRepository jobs;

    JobBook(JobRepository jobs) {
        this.jobs = jobs;
    }

    /** The job of a protection change (ConfigureBackup, DisableBackup, DeleteBackupData, Undelete). */
    public Uni<Void> apply(ProtectionEvent event) {
        if (event instanceof ProtectionConfigured e) {
            return done(e.jobId(), Operation.ConfigureBackup, e.occurredAt(), e.vm().name(), e.vaultId(),
                    e.protectedItemId(), e.initiatedBy(), JobStatus.Completed, null, null);
        }
        if (event instanceof ProtectionConfigurationFailed e) {
            return done(e.jobId(), Operation.ConfigureBackup, e.occurredAt(), e.vmName() != null ? e.vmName() : e.vmId(),
                    e.vaultId(), null, e.initiatedBy(), JobStatus.Failed, e.errorCode(), e.errorMessage());
        }
        if (event instanceof ProtectionStopped e) {
            return done(e.jobId(), Operation.DisableBackup, e.occurredAt(), e.vmName(), e.vaultId(),
                    e.protectedItemId(), e.initiatedBy(), JobStatus.Completed, null, null);
        }
        if (event instanceof BackupDataDeleted e) {
            return done(e.jobId(), Operation.DeleteBackupData, e.occurredAt(), e.vmName(), e.vaultId(),
                    e.protectedItemId(), e.initiatedBy(), JobStatus.Completed, null, null);
        }
        if (event instanceof ItemUndeleted e) {
            return done(e.jobId(), Operation.Undelete, e.occurredAt(), e.vmName(), e.vaultId(), e.protectedItemId(),
                    e.initiatedBy(), JobStatus.Completed, null, null);
        }
        return Uni.createFrom().voidItem();
    }

    /** A backup starts: its Backup job is in progress. */
    public Uni<Void> apply(BackupRequested event) {
        return job(event.jobId(), Operation.Backup, event.requestedAt())
                .invoke(job -> job.describe(event.vm().name(), event.vaultId(), event.protectedItemId(),
                        event.initiatedBy()))
                .replaceWithVoid();
    }

    /** A backup ended: its job completes (with warnings when the point is degraded) or fails with the error. */
    public Uni<Void> apply(SnapshotCompleted event) {
        return job(event.jobId(), Operation.Backup, event.occurredAt())
                .invoke(job -> {
                    job.describe(null, event.vaultId(), event.protectedItemId(), null);
                    if (event.status() == SnapshotStatus.Failed) {
                        job.finish(JobStatus.Failed, event.occurredAt(), event.error().code(), event.error().message());
                    } else if (event.warning() != null) {
                        job.finish(JobStatus.CompletedWithWarnings, event.occurredAt(), event.warning().code(),
                                event.warning().message());
                    } else {
                        job.finish(JobStatus.Completed, event.occurredAt(), null, null);
                    }
                })
                .replaceWithVoid();
    }

    /** A restore starts: its Restore job is in progress. */
    public Uni<Void> apply(RestoreRequested event) {
        return job(event.jobId(), Operation.Restore, event.occurredAt())
                .invoke(job -> job.describe(event.vm().name(), event.vaultId(), event.protectedItemId(),
                        event.initiatedBy()))
                .replaceWithVoid();
    }

    /** A restore ended. */
    public Uni<Void> apply(RestoreCompleted event) {
        return job(event.jobId(), Operation.Restore, event.occurredAt())
                .invoke(job -> {
                    job.describe(null, event.vaultId(), event.protectedItemId(), null);
                    if (event.status() == SnapshotStatus.Failed) {
                        job.finish(JobStatus.Failed, event.occurredAt(), event.error().code(), event.error().message());
                    } else {
                        job.finish(JobStatus.Completed, event.occurredAt(), null, null);
                    }
                })
                .replaceWithVoid();
    }

    /** Progress of a running backup or restore. */
    public Uni<Void> apply(JobProgress event) {
        Operation operation = event.task().equals(JobProgress.RESTORE_DISKS) ? Operation.Restore : Operation.Backup;
        return job(event.jobId(), operation, event.occurredAt())
                .invoke(job -> job.progress(event.task(), event.taskStatus(), event.percent(), event.bytesDone(),
                        event.bytesTotal(), event.bytesStored(), event.occurredAt()))
                .replaceWithVoid();
    }

    private Uni<Void> done(String jobId, Operation operation, Instant time, String entityName, String vaultId,
            String itemId, String initiatedBy, JobStatus outcome, String code, String message) {
        return job(jobId, operation, time)
                .invoke(job -> {
                    job.describe(entityName, vaultId, itemId, initiatedBy);
                    job.finish(outcome, time, code, message);
                })
                .replaceWithVoid();
    }

    /** The job, created (started at {@code time}) when this is the first event of it. */
    private Uni<Job> job(String jobId, Operation operation, Instant time) {
        return jobs.findById(jobId).chain(existing -> {
            if (existing != null) {
                existing.startedAt(time);
                return Uni.createFrom().item(existing);
            }
            return jobs.persist(Job.start(jobId, operation, time));
        });
    }
}
