package io.backupcenter.vault.protection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on protected items. */
@ApplicationScoped
public class ProtectedItemRepository implements PanacheRepositoryBase<ProtectedItem, String> {

    /** Item counts of one vault, by state. */
    public record Counts(long protectedItems, long softDeleted) {
        public static final Counts NONE = new Counts(0, 0);
    }

    /** Up to {@code limit} items of every vault, by id, after {@code after} (null: from the first). */
    public Uni<List<ProtectedItem>> page(String after, int limit) {
        return (after == null ? find("order by id") : find("id > ?1 order by id", after)).page(0, limit).list();
    }

    /** The vault's item with this id, or null. */
    public Uni<ProtectedItem> inVault(String vaultId, String itemId) {
        return find("vaultId = ?1 and id = ?2", vaultId, itemId).firstResult();
    }

    /** The vault's items, optionally in one state, by VM name. */
    public Uni<List<ProtectedItem>> ofVault(String vaultId, ProtectionState state) {
        Sort byName = Sort.by("vmName").and("id");
        return state == null
                ? list("vaultId", byName, vaultId)
                : list("vaultId = ?1 and protectionState = ?2", byName, vaultId, state);
    }

    /** The item holding the VM (any vault, any state), or null. */
    public Uni<ProtectedItem> ofVm(String vmId) {
        return find("vmId", vmId).firstResult();
    }

    /** The items holding these VMs, by VM id. */
    public Uni<Map<String, ProtectedItem>> ofVms(Collection<String> vmIds) {
        if (vmIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("vmId in ?1", vmIds).map(items -> {
            Map<String, ProtectedItem> byVm = new HashMap<>();
            items.forEach(item -> byVm.put(item.vmId, item));
            return byVm;
        });
    }

    /** Items of each vault, soft-deleted ones counted apart. */
    public Uni<Map<String, Counts>> countsByVault(Collection<String> vaultIds) {
        if (vaultIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createQuery(
                        "select i.vaultId, sum(case when i.protectionState = :softDeleted then 0 else 1 end), "
                                + "sum(case when i.protectionState = :softDeleted then 1 else 0 end) "
                                + "from ProtectedItem i where i.vaultId in :vaults group by i.vaultId", Object[].class)
                .setParameter("softDeleted", ProtectionState.SoftDeleted)
                .setParameter("vaults", vaultIds)
                .getResultList())
                .map(rows -> {
                    Map<String, Counts> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], new Counts(((Number) row[1]).longValue(),
                                ((Number) row[2]).longValue()));
                    }
                    return counts;
                });
    }

    /**
     * Claims up to {@code limit} soft-deleted items whose purge time has come, locking them so that another
     * instance's purger skips them. Must run in a transaction.
     */
    public Uni<List<ProtectedItem>> claimDueForPurge(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select * from protected_item where protection_state = 'SoftDeleted' and purge_at <= ?1 "
                                + "order by purge_at limit ?2 for update skip locked", ProtectedItem.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList());
    }
}
