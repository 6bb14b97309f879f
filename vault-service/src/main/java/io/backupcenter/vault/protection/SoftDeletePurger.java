package io.backupcenter.vault.protection;

import io.backupcenter.kit.Failures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Purges soft-deleted items whose time has come, in batches, every {@code backup-center.soft-delete.purge-every}
 * (1 minute). Instances claim rows with {@code SKIP LOCKED}, so two never purge the same item.
 */
@ApplicationScoped
public class SoftDeletePurger {

    private static final Logger LOG = Logger.getLogger(SoftDeletePurger.class);
    private static final int BATCH = 100;

    private final ProtectionService protection;

    SoftDeletePurger(ProtectionService protection) {
        this.protection = protection;
    }

    @Scheduled(every = "${backup-center.soft-delete.purge-every:1m}", delayed = "${backup-center.soft-delete.purge-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return protection.purgeDue(BATCH)
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("purged %d soft-deleted item(s)", purged);
                    }
                })
                .repeat().whilst(purged -> purged == BATCH)
                .collect().last()
                .onFailure().invoke(f -> LOG.warnf("cannot purge soft-deleted items now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
