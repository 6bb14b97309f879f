package io.backupcenter.vault.protection;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Notes the backups the schedule starts, so that "Back up now" knows one is running. */
@ApplicationScoped
public class BackupRequestsConsumer {

    private final InboundEvents inbound;
    private final ProtectionService protection;

    BackupRequestsConsumer(InboundEvents inbound, ProtectionService protection) {
        this.inbound = inbound;
        this.protection = protection;
    }

    @Incoming("backup-requested")
    public Uni<Void> backupRequested(Message<String> message) {
        return inbound.handle(message, BackupRequestedEvent.class, "vault-service.backup-requested",
                event -> protection.noteBackupStarted((BackupRequested) event));
    }
}
