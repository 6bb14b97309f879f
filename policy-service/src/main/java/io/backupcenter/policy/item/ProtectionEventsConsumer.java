package io.backupcenter.policy.item;

import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@code protection-events}. */
@ApplicationScoped
@Startup
public class ProtectionEventsConsumer {

    private final InboundChannel<ProtectionEvent> protectionEvents;

    ProtectionEventsConsumer(InboundEvents inbound, ItemBook book) {
        this.protectionEvents = inbound.channel("protection-events", ProtectionEvent.class, book::apply, book);
    }

    @Incoming("protection-events")
    public Uni<Void> consume(Message<String> message) {
        return protectionEvents.handle(message);
    }
}
