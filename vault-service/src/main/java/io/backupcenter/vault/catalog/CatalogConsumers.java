package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.retention.RetentionAssigned;
import io.backupcenter.contracts.retention.RetentionEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Feeds the catalog from {@code snapshot-completed}, {@code retention-events} and {@code rp-expired}. */
@ApplicationScoped
@Startup
public class CatalogConsumers {

    private final InboundChannel<SnapshotCompletedEvent> snapshotCompleted;
    private final InboundChannel<RetentionEvent> retentionEvents;
    private final InboundChannel<RpExpiredEvent> rpExpired;

    CatalogConsumers(InboundEvents inbound, Catalog catalog) {
        this.snapshotCompleted = inbound.channel("snapshot-completed", SnapshotCompletedEvent.class,
                event -> catalog.record((SnapshotCompleted) event));
        this.retentionEvents = inbound.channel("retention-events", RetentionEvent.class,
                event -> catalog.assign((RetentionAssigned) event));
        this.rpExpired = inbound.channel("rp-expired", RpExpiredEvent.class,
                event -> catalog.expire((RecoveryPointExpired) event));
    }

    @Incoming("snapshot-completed")
    public Uni<Void> snapshotCompleted(Message<String> message) {
        return snapshotCompleted.handle(message);
    }

    @Incoming("retention-events")
    public Uni<Void> retentionAssigned(Message<String> message) {
        return retentionEvents.handle(message);
    }

    @Incoming("rp-expired")
    public Uni<Void> recoveryPointExpired(Message<String> message) {
        return rpExpired.handle(message);
    }
}
