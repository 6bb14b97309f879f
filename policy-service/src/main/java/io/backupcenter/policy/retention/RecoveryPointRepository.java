package io.backupcenter.policy.retention;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Queries on the recovery points retention tracks. */
@ApplicationScoped
public class RecoveryPointRepository implements PanacheRepositoryBase<RecoveryPoint, String> {

    /** The item's points whose vault tier has not expired, newest first. */
    public Uni<List<RecoveryPoint>> ofItem(String itemId) {
        return list("protectedItemId = ?1 and vaultExpired = false", Sort.descending("time"), itemId);
    }

    /**
     * Claims up to {@code limit} points with a tier due at {@code now} (a vault tier kept as its item's latest is not
     * due), locking them so that another instance's scanner skips them. Must run in a transaction.
     */
    public Uni<List<RecoveryPoint>> claimDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select * from recovery_point where (not snapshot_expired and snapshot_expires_at <= ?1) "
                                + "or (not vault_expired and not vault_kept and vault_expires_at <= ?1) "
                                + "order by least(snapshot_expires_at, vault_expires_at) limit ?2 for update skip locked",
                        RecoveryPoint.class)
                .setParameter(1, now)
                .setParameter(2, limit)
                .getResultList());
    }

    /** Points of the item kept as its latest become due again (a newer point exists, or protection stopped). */
    public Uni<Integer> releaseKept(String itemId) {
        return update("vaultKept = false where protectedItemId = ?1 and vaultKept = true", itemId);
    }

    /** Forgets the item's points (its data went with the item). */
    public Uni<Long> deleteOfItem(String itemId) {
        return delete("protectedItemId", itemId);
    }
}
