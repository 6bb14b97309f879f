package io.backupcenter.policy.vault;

import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultDeleted;
import io.backupcenter.contracts.vault.VaultEvent;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Keeps policy-service's vaults in step with vault-service: a created vault gets its DefaultPolicy, a deleted one
 * takes its policies with it. {@code vault-events} bring them; a vault asked for before its event arrived is read
 * through from vault-service ({@link #find}), so its policies can be read the moment it exists. Runs inside the
 * caller's transaction; applying an event twice changes nothing twice.
 */
@ApplicationScoped
public class VaultLifecycle {

    private static final Logger LOG = Logger.getLogger(VaultLifecycle.class);

    private final VaultRepository vaults;
    private final PolicyRepository policies;
    private final VaultDirectory directory;
    private final Clock clock;

    VaultLifecycle(VaultRepository vaults, PolicyRepository policies, VaultDirectory directory, Clock clock) {
        this.vaults = vaults;
        this.policies = policies;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * 404 unless the vault exists. One not known here yet is asked of vault-service and, when it exists there,
     * recorded with its DefaultPolicy as its {@code VaultCreated} would; 503 when vault-service cannot be asked. Opens
     * its own sessions: no transaction is held while vault-service is asked.
     */
    public Uni<Vault> require(String vaultId) {
        return Panache.withSession(() -> vaults.findById(vaultId)).chain(vault -> {
            if (vault != null) {
                return vault.deleted ? Uni.createFrom().failure(new VaultNotFound(vaultId))
                        : Uni.createFrom().item(vault);
            }
            return directory.vault(vaultId).chain(remote -> remote == null
                    ? Uni.createFrom().failure(new VaultNotFound(vaultId))
                    : Panache.withTransaction(() -> adopt(remote.id(), remote.name(), remote.resourceGroup(),
                                    remote.region(), remote.storageRedundancy(), "read from vault-service")
                            .chain(() -> vaults.findById(vaultId))));
        });
    }

    /**
     * As {@link #require}, in the caller's transaction (an event consumer's): the vault, or null when it does not
     * exist or was deleted.
     */
    public Uni<Vault> find(String vaultId) {
        return vaults.findById(vaultId).chain(vault -> {
            if (vault != null) {
                return Uni.createFrom().item(vault.deleted ? null : vault);
            }
            return directory.vault(vaultId).chain(remote -> remote == null ? Uni.createFrom().nullItem()
                    : adopt(remote.id(), remote.name(), remote.resourceGroup(), remote.region(),
                            remote.storageRedundancy(), "read from vault-service")
                            .chain(() -> vaults.findById(vaultId)));
        });
    }

    /** Applies one event of {@code vault-events}. */
    public Uni<Void> apply(VaultEvent event) {
        if (event instanceof VaultCreated created) {
            return created(created);
        }
        return deleted((VaultDeleted) event);
    }

    private Uni<Void> created(VaultCreated event) {
        return adopt(event.vaultId(), event.name(), event.resourceGroup(), event.region(), event.storageRedundancy(),
                "from VaultCreated");
    }

    /** Records the vault and its DefaultPolicy unless they are known. */
    public Uni<Void> adopt(String vaultId, String name, String resourceGroup, String region, String storageRedundancy,
            String how) {
        return vaults.addIfMissing(vaultId, name, resourceGroup, region, storageRedundancy)
                .chain(added -> policies.named(vaultId, Policy.DEFAULT_NAME))
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("vault %s (%s): DefaultPolicy created, %s", name, vaultId, how);
                    return policies.addIfMissing(Policy.defaultFor(vaultId, clock.instant()));
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
