package io.backupcenter.policy.item;

import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@code protection-events}. */
@ApplicationScoped
public class ProtectionEventsConsumer {

    private final InboundEvents inbound;
    private final ItemBook book;

    ProtectionEventsConsumer(InboundEvents inbound, ItemBook book) {
        this.inbound = inbound;
        this.book = book;
    }

    @Incoming("protection-events")
    public Uni<Void> consume(Message<String> message) {
        return inbound.handle(message, ProtectionEvent.class, "policy-service.protection-events", book::apply);
    }
}
