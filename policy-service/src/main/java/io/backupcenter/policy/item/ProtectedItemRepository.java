package io.backupcenter.policy.item;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Queries on policy-service's copy of the protected items. */
@ApplicationScoped
public class ProtectedItemRepository implements PanacheRepositoryBase<ProtectedItem, String> {

    /** Items that use the policy (purged ones do not). */
    public Uni<List<ProtectedItem>> usingPolicy(String policyId) {
        return list("policyId = ?1 and state <> ?2", policyId, ItemState.Purged);
    }

    /** How many items use the policy. */
    public Uni<Long> countUsing(String policyId) {
        return count("policyId = ?1 and state <> ?2", policyId, ItemState.Purged);
    }

    /**
     * Active items whose scheduled run came before {@code dueBefore} with no result: not fired yet, or fired and
     * not finished.
     */
    public Uni<Long> countOverdue(Instant dueBefore) {
        return count("state = ?1 and (nextRunAt < ?2 or awaitingResultSince < ?2)", ItemState.Active, dueBefore);
    }

    /**
     * Claims up to {@code limit} active items whose next run has come, locking them so that another instance's
     * scanner skips them. Must run in a transaction.
     */
    public Uni<List<ProtectedItem>> claimDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select * from protected_item where state = 'Active' and next_run_at <= ?1 "
                                + "order by next_run_at limit ?2 for update skip locked", ProtectedItem.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList());
    }
}
