package io.backupcenter.job.vault;

import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.job.job.JobRepository;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code vault-events} for each vault's resource group: a created vault is recorded, and its jobs that arrived
 * before it (their events travel on other topics) get its group. A deleted vault's jobs keep theirs. Applying an event
 * twice changes nothing twice; malformed records go to {@code vault-events-dlq}.
 */
@ApplicationScoped
@Startup
public class VaultEventsConsumer {

    private final VaultRepository vaults;
    private final JobRepository jobs;
    private final InboundChannel<VaultEvent> vaultEvents;

    VaultEventsConsumer(InboundEvents inbound, VaultRepository vaults, JobRepository jobs) {
        this.vaults = vaults;
        this.jobs = jobs;
        this.vaultEvents = inbound.channel("vault-events", VaultEvent.class, this::apply);
    }

    @Incoming("vault-events")
    public Uni<Void> consume(Message<String> message) {
        return vaultEvents.handle(message);
    }

    private Uni<Void> apply(VaultEvent event) {
        if (!(event instanceof VaultCreated created)) {
            return Uni.createFrom().voidItem();
        }
        return vaults.findById(created.vaultId())
                .chain(known -> known != null ? Uni.createFrom().voidItem()
                        : vaults.persist(Vault.of(created.vaultId(), created.resourceGroup())).replaceWithVoid())
                .chain(() -> jobs.placeInResourceGroup(created.vaultId(), created.resourceGroup()))
                .replaceWithVoid();
    }
}
