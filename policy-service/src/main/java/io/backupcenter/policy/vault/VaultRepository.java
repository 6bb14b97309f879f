package io.backupcenter.policy.vault;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The vaults policy-service knows of. */
@ApplicationScoped
public class VaultRepository implements PanacheRepositoryBase<Vault, String> {

    /** Records the vault unless it is known already; true when it was new. */
    public Uni<Boolean> addIfMissing(String id, String name, String resourceGroup, String region,
            String storageRedundancy) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into vault (id, name, resource_group, region, storage_redundancy) "
                                + "values (?1, ?2, ?3, ?4, ?5) on conflict (id) do nothing")
                .setParameter(1, id)
                .setParameter(2, name)
                .setParameter(3, resourceGroup)
                .setParameter(4, region)
                .setParameter(5, storageRedundancy)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
