package io.backupcenter.vault.vault;

import io.backupcenter.contracts.usage.VaultUsageEvent;
import io.backupcenter.contracts.usage.VaultUsageReported;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps each vault's {@code usage.storedBytes} as the workers report it after garbage collection. */
@ApplicationScoped
@Startup
public class VaultUsageConsumer {

    private final InboundChannel<VaultUsageEvent> vaultUsage;

    VaultUsageConsumer(InboundEvents inbound, VaultRepository vaults) {
        this.vaultUsage = inbound.channel("vault-usage", VaultUsageEvent.class, event -> {
            VaultUsageReported usage = (VaultUsageReported) event;
            return vaults.recordStoredBytes(usage.vaultId(), usage.storedBytes());
        });
    }

    @Incoming("vault-usage")
    public Uni<Void> consume(Message<String> message) {
        return vaultUsage.handle(message);
    }
}
