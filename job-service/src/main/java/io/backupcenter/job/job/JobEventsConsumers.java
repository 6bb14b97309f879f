package io.backupcenter.job.job;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.job.JobProgressEvent;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.restore.RestoreCompletedEvent;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.backupcenter.contracts.schedule.ScheduleEvent;
import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The topics jobs are built from. */
@ApplicationScoped
@Startup
public class JobEventsConsumers {

    private final InboundChannel<ProtectionEvent> protectionEvents;
    private final InboundChannel<BackupRequestedEvent> backupRequested;
    private final InboundChannel<RestoreRequestedEvent> restoreRequested;
    private final InboundChannel<RestoreCompletedEvent> restoreCompleted;
    private final InboundChannel<JobProgressEvent> jobProgress;
    private final InboundChannel<VerifyEvent> vaultVerifications;
    private final InboundChannel<SnapshotCompletedEvent> snapshotCompleted;
    private final InboundChannel<ScheduleEvent> scheduleEvents;

    JobEventsConsumers(InboundEvents inbound, JobBook book) {
        this.protectionEvents = inbound.channel("protection-events", ProtectionEvent.class, book::apply);
        this.backupRequested = inbound.channel("backup-requested", BackupRequestedEvent.class,
                event -> book.apply((BackupRequested) event));
        this.restoreRequested = inbound.channel("restore-requested", RestoreRequestedEvent.class,
                event -> book.apply((RestoreRequested) event));
        this.restoreCompleted = inbound.channel("restore-completed", RestoreCompletedEvent.class,
                event -> book.apply((RestoreCompleted) event));
        this.jobProgress = inbound.channel("job-progress", JobProgressEvent.class,
                event -> book.apply((JobProgress) event));
        this.vaultVerifications = inbound.channel("vault-verifications", VerifyEvent.class, book::apply);
        this.snapshotCompleted = inbound.channel("snapshot-completed", SnapshotCompletedEvent.class,
                event -> book.apply((SnapshotCompleted) event));
        this.scheduleEvents = inbound.channel("schedule-events", ScheduleEvent.class, book::apply);
    }

    @Incoming("protection-events")
    public Uni<Void> protectionEvents(Message<String> message) {
        return protectionEvents.handle(message);
    }

    @Incoming("backup-requested")
    public Uni<Void> backupRequested(Message<String> message) {
        return backupRequested.handle(message);
    }

    @Incoming("restore-requested")
    public Uni<Void> restoreRequested(Message<String> message) {
        return restoreRequested.handle(message);
    }

    @Incoming("restore-completed")
    public Uni<Void> restoreCompleted(Message<String> message) {
        return restoreCompleted.handle(message);
    }

    @Incoming("job-progress")
    public Uni<Void> jobProgress(Message<String> message) {
        return jobProgress.handle(message);
    }

    @Incoming("vault-verifications")
    public Uni<Void> vaultVerifications(Message<String> message) {
        return vaultVerifications.handle(message);
    }

    @Incoming("schedule-events")
    public Uni<Void> scheduleEvents(Message<String> message) {
        return scheduleEvents.handle(message);
    }

    @Incoming("snapshot-completed")
    public Uni<Void> snapshotCompleted(Message<String> message) {
        return snapshotCompleted.handle(message);
    }
}
