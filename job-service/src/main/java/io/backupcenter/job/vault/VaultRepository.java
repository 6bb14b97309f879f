package io.backupcenter.job.vault;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The vaults job-service has heard of. */
@ApplicationScoped
public class VaultRepository implements PanacheRepositoryBase<Vault, String> {

    /** The resource group of the vault, or null when job-service has not heard of it (yet). */
    public Uni<String> resourceGroupOf(String vaultId) {
        if (vaultId == null) {
            return Uni.createFrom().nullItem();
        }
        return findById(vaultId).map(vault -> vault == null ? null : vault.resourceGroup);
    }
}
