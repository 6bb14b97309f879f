package io.backupcenter.vault.protection;

import io.backupcenter.contracts.schedule.ItemNotScheduled;
import io.backupcenter.contracts.schedule.ItemScheduled;
import io.backupcenter.contracts.schedule.ScheduleEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Consumes {@code schedule-events}: an item policy-service cannot schedule shows {@code ProtectionError} with the
 * reason, until policy-service schedules it again. An item gone meanwhile is no longer anyone's concern.
 */
@ApplicationScoped
@Startup
public class ScheduleEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ScheduleEventsConsumer.class);

    private final InboundChannel<ScheduleEvent> scheduleEvents;

    ScheduleEventsConsumer(InboundEvents inbound, ProtectedItemRepository items, Clock clock) {
        this.scheduleEvents = inbound.channel("schedule-events", ScheduleEvent.class,
                event -> items.findById(event.protectedItemId()).invoke(item -> {
                    if (item == null) {
                        return;
                    }
                    if (event instanceof ItemNotScheduled failed) {
                        LOG.warnf("item %s (%s) is not scheduled: %s", item.id, item.vmName, failed.errorMessage());
                        item.scheduleFailed(failed.errorCode(), failed.errorMessage(), clock.instant());
                    } else if (event instanceof ItemScheduled) {
                        item.scheduled(clock.instant());
                    }
                }).replaceWithVoid());
    }

    @Incoming("schedule-events")
    public Uni<Void> consume(Message<String> message) {
        return scheduleEvents.handle(message);
    }
}
