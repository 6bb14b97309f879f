package io.backupcenter.policy.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

/** Queries on policies. */
@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<Policy, String> {

    /** The vault's policies by name. */
    public Uni<List<Policy>> ofVault(String vaultId) {
        return list("vaultId", Sort.by("name"), vaultId);
    }

    /** The vault's policy with this id, or null. */
    public Uni<Policy> inVault(String vaultId, String policyId) {
        return find("vaultId = ?1 and id = ?2", vaultId, policyId).firstResult();
    }

    /**
     * The vault's policy with this id, or null, locked until the transaction ends ({@code for update}): items being
     * protected on it meanwhile wait, and then read the changed policy.
     */
    public Uni<Policy> inVaultForChange(String vaultId, String policyId) {
        return find("vaultId = ?1 and id = ?2", vaultId, policyId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /**
     * The policy, or null, read under a shared lock ({@code for share}) so that a change of it waits until the item
     * the caller schedules by it is stored, and then reschedules that item too.
     */
    public Uni<Policy> forScheduling(String policyId) {
        return find("id", policyId).withLock(LockModeType.PESSIMISTIC_READ).firstResult();
    }

    /** The vault's policy of this name, or null. */
    public Uni<Policy> named(String vaultId, String name) {
        return find("vaultId = ?1 and lower(name) = lower(?2)", vaultId, name).firstResult();
    }

    /** Deletes every policy of the vault. */
    public Uni<Long> deleteOfVault(String vaultId) {
        return delete("vaultId", vaultId);
    }
}
