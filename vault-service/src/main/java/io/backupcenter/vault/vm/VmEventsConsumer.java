package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.VmEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the public topic {@code vm-events}; rejected records go to {@code vm-events-dlq}. */
@ApplicationScoped
@Startup
public class VmEventsConsumer {

    private final InboundChannel<VmEvent> vmEvents;

    VmEventsConsumer(InboundEvents inbound, VmEventHandler handler) {
        this.vmEvents = inbound.channel("vm-events", VmEvent.class, handler::apply, handler);
    }

    @Incoming("vm-events")
    public Uni<Void> consume(Message<String> message) {
        return vmEvents.handle(message);
    }
}
