package io.backupcenter.policy.vault;

import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes {@code vault-events}; malformed records go to {@code vault-events-dlq}. */
@ApplicationScoped
@Startup
public class VaultEventsConsumer {

    private final InboundChannel<VaultEvent> vaultEvents;

    VaultEventsConsumer(InboundEvents inbound, VaultLifecycle lifecycle) {
        this.vaultEvents = inbound.channel("vault-events", VaultEvent.class, lifecycle::apply);
    }

    @Incoming("vault-events")
    public Uni<Void> consume(Message<String> message) {
        return vaultEvents.handle(message);
    }
}
