package io.backupcenter.vault.vault;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.List;

/** Queries on vaults. Names compare case-insensitively, as resource names do in Azure. */
@ApplicationScoped
public class VaultRepository implements PanacheRepositoryBase<Vault, String> {

    /**
     * The vault, or null, read under a shared lock ({@code for share}) until the transaction ends: an item being
     * added to it meanwhile keeps it from being deleted, and a deletion under way makes the item wait, then find none.
     */
    public Uni<Vault> lockShared(String vaultId) {
        return find("id", vaultId).withLock(LockModeType.PESSIMISTIC_READ).firstResult();
    }

    /** The vault, or null, locked until the transaction ends ({@code for update}): to delete it. */
    public Uni<Vault> lockForDelete(String vaultId) {
        return find("id", vaultId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** True when a vault of that name exists in the resource group. */
    public Uni<Boolean> nameTaken(String resourceGroup, String name) {
        return count("lower(resourceGroup) = lower(?1) and lower(name) = lower(?2)", resourceGroup, name)
                .map(count -> count > 0);
    }

    /** Records the vault tier's size as a snapshot worker reported it. */
    public Uni<Void> recordStoredBytes(String vaultId, long storedBytes) {
        return update("storedBytes = ?1 where id = ?2", storedBytes, vaultId).replaceWithVoid();
    }

    /** Vaults matching every filter given (null = any), by name. */
    public Uni<List<Vault>> search(String resourceGroup, String region, String name) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (resourceGroup != null) {
            conditions.add("lower(resourceGroup) = lower(:resourceGroup)");
            parameters.and("resourceGroup", resourceGroup);
        }
        if (region != null) {
            conditions.add("lower(region) = lower(:region)");
            parameters.and("region", region);
        }
        if (name != null) {
            conditions.add("lower(name) = lower(:name)");
            parameters.and("name", name);
        }
        Sort byName = Sort.by("name").and("resourceGroup");
        return conditions.isEmpty()
                ? listAll(byName)
                : list(String.join(" and ", conditions), byName, parameters);
    }
}
