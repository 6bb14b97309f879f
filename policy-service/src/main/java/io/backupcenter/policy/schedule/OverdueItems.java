package io.backupcenter.policy.schedule;

import io.backupcenter.kit.Failures;
import io.backupcenter.policy.item.ProtectedItemRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watchdog of scheduled backups: {@code backup_center_items_overdue} counts the protected items whose scheduled
 * backup time plus {@code backup-center.overdue.grace} (1 h) has passed with no backup result, whatever the cause
 * (scheduler stuck, worker down, a consumer stuck, an event lost). Counted from the database every
 * {@code backup-center.overdue.count-every} (30 s), so every instance reports the same number.
 */
@ApplicationScoped
public class OverdueItems {

    private static final Logger LOG = Logger.getLogger(OverdueItems.class);

    private final ProtectedItemRepository items;
    private final Clock clock;
    private final Duration grace;
    private final AtomicLong overdue = new AtomicLong();

    OverdueItems(ProtectedItemRepository items, Clock clock, MeterRegistry metrics,
            @ConfigProperty(name = "backup-center.overdue.grace", defaultValue = "PT1H") Duration grace) {
        this.items = items;
        this.clock = clock;
        this.grace = grace;
        Gauge.builder("backup_center.items.overdue", overdue, AtomicLong::get)
                .description("Protected items whose scheduled backup time plus the grace has passed with no backup "
                        + "result")
                .strongReference(true)
                .register(metrics);
    }

    @Scheduled(every = "${backup-center.overdue.count-every:30s}", delayed = "${backup-center.overdue.count-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return Panache.withSession(() -> items.countOverdue(clock.instant().minus(grace)))
                .invoke(count -> {
                    long before = overdue.getAndSet(count);
                    if (count > 0 && count != before) {
                        LOG.warnf("%d protected item(s) overdue: scheduled more than %s ago with no backup result",
                                count, grace);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("cannot count overdue items now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
