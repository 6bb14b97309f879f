package io.backupcenter.policy.retention;

import io.backupcenter.kit.Failures;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Drives retention: records each finished backup's point from {@code snapshot-completed}, and every
 * {@code backup-center.retention.scan-every} (30 s) expires the tiers that are due. Instances claim points with
 * {@code SKIP LOCKED}, so two never expire the same one.
 */
@ApplicationScoped
@Startup
public class ExpiryScanner {

    private static final Logger LOG = Logger.getLogger(ExpiryScanner.class);
    private static final int BATCH = 200;

    private final RetentionService retention;
    private final InboundChannel<SnapshotCompletedEvent> snapshotCompleted;

    ExpiryScanner(InboundEvents inbound, RetentionService retention) {
        this.retention = retention;
        this.snapshotCompleted = inbound.channel("snapshot-completed", SnapshotCompletedEvent.class,
                event -> retention.record((SnapshotCompleted) event));
    }

    @Incoming("snapshot-completed")
    public Uni<Void> snapshotCompleted(Message<String> message) {
        return snapshotCompleted.handle(message);
    }

    @Scheduled(every = "${backup-center.retention.scan-every:30s}", delayed = "${backup-center.retention.scan-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scan() {
        return retention.expireDue(BATCH)
                .repeat().whilst(seen -> seen == BATCH)
                .collect().last()
                .onFailure().invoke(f -> LOG.warnf("cannot expire recovery points now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
