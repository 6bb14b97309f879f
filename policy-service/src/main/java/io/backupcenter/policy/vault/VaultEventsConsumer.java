package io.backupcenter.policy.vault;

import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@code vault-events}; malformed records go to {@code vault-events-dlq}. */
@ApplicationScoped
public class VaultEventsConsumer {

    private final InboundEvents inbound;
    private final VaultLifecycle lifecycle;

    VaultEventsConsumer(InboundEvents inbound, VaultLifecycle lifecycle) {
        this.inbound = inbound;
        this.lifecycle = lifecycle;
    }

    @Incoming("vault-events")
    public Uni<Void> consume(Message<String> message) {
        return inbound.handle(message, VaultEvent.class, "policy-service.vault-events", lifecycle::apply);
    }
}
