package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.retention.RetentionAssigned;
import io.backupcenter.contracts.retention.RetentionEvent;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Feeds the catalog from {@code snapshot-completed}, {@code retention-events} and {@code rp-expired}. */
@ApplicationScoped
public class CatalogConsumers {

    private final InboundEvents inbound;
    private final Catalog catalog;

    CatalogConsumers(InboundEvents inbound, Catalog catalog) {
        this.inbound = inbound;
        this.catalog = catalog;
    }

    @Incoming("snapshot-completed")
    public Uni<Void> snapshotCompleted(Message<String> message) {
        return inbound.handle(message, SnapshotCompletedEvent.class, "vault-service.snapshot-completed",
                event -> catalog.record((SnapshotCompleted) event));
    }

    @Incoming("retention-events")
    public Uni<Void> retentionAssigned(Message<String> message) {
        return inbound.handle(message, RetentionEvent.class, "vault-service.retention-events",
                event -> catalog.assign((RetentionAssigned) event));
    }

    @Incoming("rp-expired")
    public Uni<Void> recoveryPointExpired(Message<String> message) {
        return inbound.handle(message, RpExpiredEvent.class, "vault-service.rp-expired",
                event -> catalog.expire((RecoveryPointExpired) event));
    }
}
