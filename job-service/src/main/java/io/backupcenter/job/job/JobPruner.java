package io.backupcenter.job.job;

import io.backupcenter.kit.Failures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Forgets jobs that ended longer ago than {@code backup-center.jobs.retention} (90 days), as the Backup Jobs view
 * keeps a limited history. Running jobs stay, however old. Safe to run on every instance at once.
 */
@ApplicationScoped
public class JobPruner {

    private static final Logger LOG = Logger.getLogger(JobPruner.class);

    private final JobRepository jobs;
    private final Clock clock;
    private final Duration retention;

    JobPruner(JobRepository jobs, Clock clock, @ConfigProperty(name = "backup-center.jobs.retention", defaultValue = "P90D") Duration retention) {
        this.jobs = jobs;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(every = "${backup-center.jobs.prune-every:1h}", delayed = "${backup-center.jobs.prune-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return prune()
                .onFailure().invoke(f -> LOG.warnf("cannot prune old jobs now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes the jobs that ended before now minus the retention; returns how many. */
    public Uni<Long> prune() {
        Instant before = clock.instant().minus(retention);
        return Panache.withTransaction(() -> jobs.delete("endTime < ?1", before))
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.infof("forgot %d jobs that ended before %s", removed, before);
                    }
                });
    }
}
