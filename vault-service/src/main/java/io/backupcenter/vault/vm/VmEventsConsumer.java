package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.VmEvent;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the public topic {@code vm-events}; rejected records go to {@code vm-events-dlq}. */
@ApplicationScoped
public class VmEventsConsumer {

    private final InboundEvents inbound;
    private final VmEventHandler handler;

    VmEventsConsumer(InboundEvents inbound, VmEventHandler handler) {
        this.inbound = inbound;
        this.handler = handler;
    }

    @Incoming("vm-events")
    public Uni<Void> consume(Message<String> message) {
        return inbound.handle(message, VmEvent.class, "vault-service.vm-events", handler::apply, handler);
    }
}
