package io.backupcenter.job.vault;

import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.job.job.JobRepository;
import io.backupcenter.kit.messaging.InboundEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code vault-events} for each vault's resource group: a created vault is recorded, and its jobs that arrived
 * before it (their events travel on other topics) get its group. A deleted vault's jobs keep theirs. Applying an event
 * twice changes nothing twice; malformed records go to {@code vault-events-dlq}.
 */
@ApplicationScoped
public class VaultEventsConsumer {

    private final InboundEvents inbound;
    private final VaultRepository vaults;
    private final JobRepository jobs;

    VaultEventsConsumer(InboundEvents inbound, VaultRepository vaults, JobRepository jobs) {
        this.inbound = inbound;
        this.vaults = vaults;
        this.jobs = jobs;
    }

    @Incoming("vault-events")
    public Uni<Void> consume(Message<String> message) {
        return inbound.handle(message, VaultEvent.class, "job-service.vault-events", this::apply);
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
