package io.backupcenter.kit.messaging;

import io.backupcenter.kit.Failures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Forgets processed event ids older than {@code backup-center.processed-events.retention} (7 days): Kafka redelivers
 * within minutes, and the log would otherwise grow forever. Safe to run on every instance at once.
 */
@ApplicationScoped
public class ProcessedEventPruner {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPruner.class);

    private final ProcessedEventLog log;
    private final Duration retention;

    ProcessedEventPruner(ProcessedEventLog log,
            @ConfigProperty(name = "backup-center.processed-events.retention", defaultValue = "P7D") Duration retention) {
        this.log = log;
        this.retention = retention;
    }

    @Scheduled(every = "${backup-center.processed-events.prune-every:1h}", delayed = "${backup-center.processed-events.prune-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return log.prune(retention)
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.infof("forgot %d processed event ids older than %s", removed, retention);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("cannot prune processed event ids now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
