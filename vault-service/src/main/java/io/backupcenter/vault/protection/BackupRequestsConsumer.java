package io.backupcenter.vault.protection;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Notes the backups the schedule starts, so that "Back up now" knows one is running. */
@ApplicationScoped
@Startup
public class BackupRequestsConsumer {

    private final InboundChannel<BackupRequestedEvent> backupRequested;

    BackupRequestsConsumer(InboundEvents inbound, ProtectionService protection) {
        this.backupRequested = inbound.channel("backup-requested", BackupRequestedEvent.class,
                event -> protection.noteBackupStarted((BackupRequested) event));
    }

    @Incoming("backup-requested")
    public Uni<Void> backupRequested(Message<String> message) {
        return backupRequested.handle(message);
    }
}
