package io.backupcenter.vault.vault;

import io.backupcenter.contracts.usage.VaultUsageEvent;
import io.backupcenter.contracts.usage.VaultUsageReported;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps each vault's {@code usage.storedBytes} as the workers report it after garbage collection. */
@ApplicationScoped
public class VaultUsageConsumer {

    private final InboundEvents inbound;
    private final VaultRepository vaults;

    VaultUsageConsumer(InboundEvents inbound, VaultRepository vaults) {
        this.inbound = inbound;
        this.vaults = vaults;
    }

    @Incoming("vault-usage")
    public Uni<Void> consume(Message<String> message) {
        return inbound.handle(message, VaultUsageEvent.class, "vault-service.vault-usage", event -> {
            VaultUsageReported usage = (VaultUsageReported) event;
            return vaults.recordStoredBytes(usage.vaultId(), usage.storedBytes());
        });
    }
}
