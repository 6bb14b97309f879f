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
import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The topics jobs are built from. */
@ApplicationScoped
public class JobEventsConsumers {

    private final InboundEvents inbound;
    private final JobBook book;

    JobEventsConsumers(InboundEvents inbound, JobBook book) {
        this.inbound = inbound;
        this.book = book;
    }

    @Incoming("protection-events")
    public Uni<Void> protectionEvents(Message<String> message) {
        return inbound.handle(message, ProtectionEvent.class, "job-service.protection-events", book::apply);
    }

    @Incoming("backup-requested")
    public Uni<Void> backupRequested(Message<String> message) {
        return inbound.handle(message, BackupRequestedEvent.class, "job-service.backup-requested",
                event -> book.apply((BackupRequested) event));
    }

    @Incoming("restore-requested")
    public Uni<Void> restoreRequested(Message<String> message) {
        return inbound.handle(message, RestoreRequestedEvent.class, "job-service.restore-requested",
                event -> book.apply((RestoreRequested) event));
    }

    @Incoming("restore-completed")
    public Uni<Void> restoreCompleted(Message<String> message) {
        return inbound.handle(message, RestoreCompletedEvent.class, "job-service.restore-completed",
                event -> book.apply((RestoreCompleted) event));
    }

    @Incoming("job-progress")
    public Uni<Void> jobProgress(Message<String> message) {
        return inbound.handle(message, JobProgressEvent.class, "job-service.job-progress",
                event -> book.apply((JobProgress) event));
    }

    @Incoming("vault-verifications")
    public Uni<Void> vaultVerifications(Message<String> message) {
        return inbound.handle(message, VerifyEvent.class, "job-service.vault-verifications", book::apply);
    }

    @Incoming("snapshot-completed")
    public Uni<Void> snapshotCompleted(Message<String> message) {
        return inbound.handle(message, SnapshotCompletedEvent.class, "job-service.snapshot-completed",
                event -> book.apply((SnapshotCompleted) event));
    }
}
