package io.backupcenter.policy.schedule;

import io.backupcenter.kit.Failures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Looks for due items every {@code backup-center.schedule.scan-every} (2 s), so a backup starts within seconds of
 * its scheduled minute. Claims rows with {@code SKIP LOCKED}: two instances never fire the same run.
 */
@ApplicationScoped
public class DueItemScanner {

    private static final Logger LOG = Logger.getLogger(DueItemScanner.class);
    private static final int BATCH = 500;

    private final ScheduleService schedules;

    DueItemScanner(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Scheduled(every = "${backup-center.schedule.scan-every:2s}", delayed = "${backup-center.schedule.scan-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scan() {
        return schedules.fireDue(BATCH)
                .invoke(fired -> {
                    if (fired > 0) {
                        LOG.infof("requested %d scheduled backup(s)", fired);
                    }
                })
                .repeat().whilst(fired -> fired == BATCH)
                .collect().last()
                .onFailure().invoke(f -> LOG.warnf("cannot fire scheduled backups now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
