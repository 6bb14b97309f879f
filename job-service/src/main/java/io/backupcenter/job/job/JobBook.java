package io.backupcenter.job.job;

import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.job.JobCancelRequested;
import io.backupcenter.contracts.job.JobCancellationEvent;
import io.backupcenter.contracts.job.JobChanged;
import io.backupcenter.contracts.job.JobEvent;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.protection.BackupDataDeleted;
import io.backupcenter.contracts.protection.ItemUndeleted;
import io.backupcenter.contracts.protection.ProtectionConfigurationFailed;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.protection.ProtectionStopped;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.schedule.ItemNotScheduled;
import io.backupcenter.contracts.schedule.ScheduleEvent;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.verify.VerifyCompleted;
import io.backupcenter.contracts.verify.VerifyRequested;
import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.contracts.verify.VerifyStarted;
import io.backupcenter.job.vault.VaultRepository;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns events into jobs: every operation that runs as a job announces itself with the job's id, and each event
 * creates or completes that job. Every change that shows is announced on {@code job-events} (through the outbox, in
 * the same transaction). Runs in the consumer's transaction; the same event twice changes nothing twice.
 */
@ApplicationScoped
public class JobBook {

    private final JobRepository jobs;
    private final Outbox outbox;
    private final Clock clock;
    private final VaultRepository vaults;

    JobBook(JobRepository jobs, Outbox outbox, Clock clock, VaultRepository vaults) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.clock = clock;
        this.vaults = vaults;
    }

    /**
     * The job of a protection change (ConfigureBackup, DisableBackup, DeleteBackupData, Undelete). A ConfigureBackup
     * job is in progress until policy-service has scheduled the item ({@link #apply(ScheduleEvent)}).
     */
    public Uni<Void> apply(ProtectionEvent event) {
        if (event instanceof ProtectionConfigured e) {
            return change(e.jobId(), Operation.ConfigureBackup, e.occurredAt(),
                    job -> job.describe(e.vm().name(), e.vaultId(), e.protectedItemId(), e.initiatedBy()));
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

    /**
     * The item of a ConfigureBackup job is scheduled (the job completes) or cannot be (it fails with the reason).
     * Schedule events of no job (a resumed item, another policy) make none.
     */
    public Uni<Void> apply(ScheduleEvent event) {
        if (event.jobId() == null) {
            return Uni.createFrom().voidItem();
        }
        return change(event.jobId(), Operation.ConfigureBackup, event.occurredAt(), job -> {
            job.describe(null, event.vaultId(), event.protectedItemId(), null);
            if (event instanceof ItemNotScheduled failed) {
                job.finish(JobStatus.Failed, event.occurredAt(), failed.errorCode(), failed.errorMessage());
            } else {
                job.finish(JobStatus.Completed, event.occurredAt(), null, null);
            }
        });
    }

    /** A backup starts: its Backup job is in progress. */
    public Uni<Void> apply(BackupRequested event) {
        return change(event.jobId(), Operation.Backup, event.requestedAt(),
                job -> job.describe(event.vm().name(), event.vaultId(), event.protectedItemId(), event.initiatedBy()));
    }

    /** A backup ended: its job completes (with warnings when the point is degraded) or fails with the error. */
    public Uni<Void> apply(SnapshotCompleted event) {
        return change(event.jobId(), Operation.Backup, event.occurredAt(), job -> {
            job.describe(null, event.vaultId(), event.protectedItemId(), null);
            boolean failed = event.status() == SnapshotStatus.Failed;
            if (failed && JobCancelRequested.BACKUP_CANCELLED.equals(event.error().code())) {
                job.finish(JobStatus.Cancelled, event.occurredAt(), null, null);
            } else if (failed) {
                job.finish(JobStatus.Failed, event.occurredAt(), event.error().code(), event.error().message());
            } else if (event.warning() != null) {
                job.finish(JobStatus.CompletedWithWarnings, event.occurredAt(), event.warning().code(),
                        event.warning().message());
            } else {
                job.finish(JobStatus.Completed, event.occurredAt(), null, null);
            }
        });
    }

    /** A restore starts: its Restore job is in progress. */
    public Uni<Void> apply(RestoreRequested event) {
        return change(event.jobId(), Operation.Restore, event.occurredAt(),
                job -> job.describe(event.vm().name(), event.vaultId(), event.protectedItemId(), event.initiatedBy()));
    }

    /** A restore ended. */
    public Uni<Void> apply(RestoreCompleted event) {
        return change(event.jobId(), Operation.Restore, event.occurredAt(), job -> {
            job.describe(null, event.vaultId(), event.protectedItemId(), null);
            boolean failed = event.status() == SnapshotStatus.Failed;
            if (failed && JobCancelRequested.RESTORE_CANCELLED.equals(event.error().code())) {
                job.finish(JobStatus.Cancelled, event.occurredAt(), null, null);
            } else if (failed) {
                job.finish(JobStatus.Failed, event.occurredAt(), event.error().code(), event.error().message());
            } else {
                job.finish(JobStatus.Completed, event.occurredAt(), null, null);
            }
        });
    }

    /**
     * A vault's verification started or ended: its Verify job (named by the vault, which is what it verifies) is in
     * progress, then Completed or Failed with the damaged recovery points named.
     */
    public Uni<Void> apply(VerifyEvent event) {
        if (event instanceof VerifyRequested e) {
            return change(e.jobId(), Operation.Verify, e.occurredAt(),
                    job -> job.describe(e.vaultId(), e.vaultId(), null, e.initiatedBy()));
        }
        if (event instanceof VerifyStarted e) {
            return change(e.jobId(), Operation.Verify, e.occurredAt(), job -> {
                job.describe(e.vaultId(), e.vaultId(), null, e.initiatedBy());
                job.progress(Job.VERIFY_DATA, "InProgress", 0, 0, 0, 0, e.occurredAt());
            });
        }
        VerifyCompleted e = (VerifyCompleted) event;
        return change(e.jobId(), Operation.Verify, e.occurredAt(), job -> {
            job.describe(e.vaultId(), e.vaultId(), null, null);
            if (e.status() == SnapshotStatus.Failed) {
                job.finish(JobStatus.Failed, e.occurredAt(), e.error().code(), e.error().message());
            } else if (!e.repaired().isEmpty()) {
                job.finish(JobStatus.CompletedWithWarnings, e.occurredAt(), "DamageRepaired", repairs(e));
            } else {
                job.finish(JobStatus.Completed, e.occurredAt(), null, null);
            }
        });
    }

    /** "Damaged data of 1 recovery point was repaired from the other copy: VM 'hotel' (item …): point … in the …". */
    static String repairs(VerifyCompleted e) {
        return "Damaged data of " + e.repaired().size() + " recovery point(s) was repaired from the vault's other copy, "
                + "and every point now reads back whole: " + e.repaired().stream()
                .map(r -> (r.vmName() != null ? "VM '" + r.vmName() + "' " : "") + "(item " + r.protectedItemId()
                        + "): point " + r.recoveryPointId() + " in the " + r.copy() + " copy, " + r.objects()
                        + " object(s) rewritten (" + r.reason() + ")")
                .collect(java.util.stream.Collectors.joining("; ")) + ".";
    }

    /** Progress of a running backup or restore. */
    public Uni<Void> apply(JobProgress event) {
        Operation operation = event.task().equals(JobProgress.RESTORE_DISKS) ? Operation.Restore : Operation.Backup;
        return change(event.jobId(), operation, event.occurredAt(), job -> job.progress(event.task(),
                event.taskStatus(), event.percent(), event.bytesDone(), event.bytesTotal(), event.bytesStored(),
                event.occurredAt()));
    }

    private Uni<Void> done(String jobId, Operation operation, Instant time, String entityName, String vaultId,
            String itemId, String initiatedBy, JobStatus outcome, String code, String message) {
        return change(jobId, operation, time, job -> {
            job.describe(entityName, vaultId, itemId, initiatedBy);
            job.finish(outcome, time, code, message);
        });
    }

    /**
     * Asks for a running job to stop: it shows {@code Cancelling}, and the workers learn of it on
     * {@code job-cancellations}. A job that has ended cannot be cancelled; asking twice asks once.
     */
    public Uni<Job> cancel(String jobId, String requestedBy, ResourceGroupScope scope) {
        return jobs.findById(jobId)
                .map(job -> job != null && scope.allows(job.resourceGroup) ? job : null)
                .onItem().ifNull().failWith(() -> new JobNotFound(jobId))
                .chain(job -> {
                    if (job.status().isFinished()) {
                        return Uni.createFrom().failure(JobNotCancellable.finished(jobId, job.status()));
                    }
                    if (job.status() == JobStatus.Cancelling) {
                        return Uni.createFrom().item(job);
                    }
                    if (job.operation != Operation.Backup && job.operation != Operation.Restore) {
                        return Uni.createFrom().failure(JobNotCancellable.ofKind(jobId, job.operation));
                    }
                    Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
                    JobView before = JobView.from(job, now);
                    job.cancelling(now.instant());
                    return outbox.add(Topics.JOB_CANCELLATIONS, new JobCancelRequested(UUID.randomUUID(),
                                    clock.instant(), JobCancellationEvent.SCHEMA_VERSION, jobId, job.operation.name(),
                                    requestedBy))
                            .chain(() -> announce(before, job, now))
                            .replaceWith(job);
                });
    }

    /**
     * Changes the job (created, started at {@code time}, when this is the first event of it) and announces the
     * change on {@code job-events} when it shows.
     */
    private Uni<Void> change(String jobId, Operation operation, Instant time, Consumer<Job> change) {
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC);
        return jobs.findById(jobId).chain(existing -> {
            if (existing == null) {
                Job job = Job.start(jobId, operation, time);
                change.accept(job);
                return placed(job).chain(jobs::persist).chain(created -> announce(null, created, now));
            }
            JobView before = JobView.from(existing, now);
            existing.startedAt(time);
            change.accept(existing);
            return placed(existing).chain(changed -> announce(before, changed, now));
        });
    }

    /** The job with its vault's resource group, when it has none yet and job-service knows the vault. */
    private Uni<Job> placed(Job job) {
        if (job.resourceGroup != null || job.vaultId == null) {
            return Uni.createFrom().item(job);
        }
        return vaults.resourceGroupOf(job.vaultId).map(group -> {
            job.placeIn(group);
            return job;
        });
    }

    /** Publishes the job as it is at {@code now}, unless it shows the same as {@code before} did then. */
    private Uni<Void> announce(JobView before, Job job, Clock now) {
        JobView after = JobView.from(job, now);
        if (after.equals(before)) {
            return Uni.createFrom().voidItem();
        }
        return outbox.add(Topics.JOB_EVENTS, changed(after, now.instant()));
    }

    static JobChanged changed(JobView view, Instant now) {
        return new JobChanged(UUID.randomUUID(), now, JobEvent.SCHEMA_VERSION, view.id(), view.operation().name(),
                view.status().name(), view.entityName(), view.vaultId(), view.resourceGroup(), view.protectedItemId(),
                view.startTime(),
                view.endTime(), view.durationSeconds(), view.progressPercent(),
                view.tasks().stream().map(t -> new JobChanged.Task(t.name(), t.status())).toList(),
                view.progress() == null ? null : new JobChanged.Progress(view.progress().bytesDone(),
                        view.progress().bytesTotal(), view.progress().bytesStored(), view.progress().bytesPerSecond(),
                        view.progress().estimatedSecondsLeft()),
                view.error() == null ? null : new JobChanged.Error(view.error().code(), view.error().message()),
                view.initiatedBy());
    }
}
