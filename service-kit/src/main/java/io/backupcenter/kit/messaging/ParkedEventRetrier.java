package io.backupcenter.kit.messaging;

import io.backupcenter.kit.Failures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;

/**
 * Retries parked records every {@code backup-center.parked.retry-every} (2 s): the first record of each key whose
 * retry is due, and while that applies, the records of its key behind it, in order. Several instances may run at
 * once (a record is locked while it is retried). Also counts the parked records per consumer for the gauge
 * {@code backup_center_events_parked}.
 */
@ApplicationScoped
public class ParkedEventRetrier {

    private static final Logger LOG = Logger.getLogger(ParkedEventRetrier.class);
    private static final int HEADS_PER_ROUND = 200;

    private final InboundEvents events;
    private final ParkedEvents parked;
    private final Clock clock;

    ParkedEventRetrier(InboundEvents events, ParkedEvents parked, Clock clock) {
        this.events = events;
        this.parked = parked;
        this.clock = clock;
    }

    @Scheduled(every = "${backup-center.parked.retry-every:2s}", delayed = "${backup-center.parked.retry-delay:3s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retryDue() {
        return Panache.withSession(() -> parked.countByConsumer())
                .invoke(this::gauge)
                .chain(counts -> counts.isEmpty() ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> parked.dueHeads(clock.instant(), HEADS_PER_ROUND))
                                .chain(heads -> Multi.createFrom().iterable(heads)
                                        .onItem().transformToUniAndConcatenate(this::drain)
                                        .collect().last()))
                .onFailure().invoke(f -> LOG.warnf("cannot retry parked records now: %s", Failures.describe(f)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Retries {@code head}; while it applies (or is dead-lettered), the next record of its key too. */
    private Uni<Void> drain(ParkedEvents.Parked head) {
        InboundChannel<?> channel = events.byConsumer(head.consumer()).orElse(null);
        if (channel == null) {
            LOG.debugf("parked record %s of %s: no channel %s here", head.eventId(), head.key(), head.consumer());
            return Uni.createFrom().voidItem();
        }
        return channel.retryParked(head).chain(outcome -> outcome == InboundChannel.Outcome.APPLIED
                || outcome == InboundChannel.Outcome.DEAD_LETTERED
                ? Panache.withSession(() -> parked.next(head.consumer(), head.key()))
                        .chain(next -> next == null ? Uni.createFrom().voidItem() : drain(next))
                : Uni.createFrom().voidItem());
    }

    private void gauge(Map<String, Long> counts) {
        for (InboundChannel<?> channel : events.channels()) {
            channel.parkedNow(counts.getOrDefault(channel.consumer(), 0L));
        }
    }
}
