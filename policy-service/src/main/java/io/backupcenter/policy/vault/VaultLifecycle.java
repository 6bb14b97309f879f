package io.backupcenter.policy.vault;

import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultDeleted;
import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Keeps policy-service's vaults in step with vault-service: a created vault gets its DefaultPolicy, a deleted one
 * takes its policies with it. Runs inside the consumer's transaction; applying an event twice changes nothing twice.
 */
@ApplicationScoped
public class VaultLifecycle {

    private static final Logger LOG = Logger.getLogger(VaultLifecycle.class);

    private final VaultRepository vaults;
    private final PolicyRepository policies;
    private final Clock clock;

    VaultLifecycle(VaultRepository vaults, PolicyRepository policies, Clock clock) {
        this.vaults = vaults;
        this.policies = policies;
        this.clock = clock;
    }

    /** Applies one event of {@code vault-events}. */
    public Uni<Void> apply(VaultEvent event) {
        if (event instanceof VaultCreated created) {
            return created(created);
        }
        return deleted((VaultDeleted) event);
    }

    private Uni<Void> created(VaultCreated event) {
        return vaults.addIfMissing(event.vaultId(), event.name(), event.resourceGroup(), event.region(),
                        event.storageRedundancy())
                .chain(added -> policies.named(event.vaultId(), Policy.DEFAULT_NAME))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("vault %s (%s): DefaultPolicy created", event.name(), event.vaultId());
                    return policies.persist(Policy.defaultFor(event.vaultId(), clock.instant())).replaceWithVoid();
                });
    }

    private Uni<Void> deleted(VaultDeleted event) {
        return policies.deleteOfVault(event.vaultId())
                .chain(() -> vaults.findById(event.vaultId()))
                .invoke(vault -> {
                    if (vault != null) {
                        vault.deleted = true;
                    }
                })
                .replaceWithVoid();
    }
}
