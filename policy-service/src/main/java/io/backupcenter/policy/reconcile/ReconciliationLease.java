package io.backupcenter.policy.reconcile;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Makes reconciliation single-flight across instances: one row, held by one instance until its pass ends or the lease
 * runs out (an instance that dies in a pass holds it no longer than that). Joins the caller's transaction.
 */
@ApplicationScoped
public class ReconciliationLease {

    /** True when {@code holder} holds the lease until {@code until} now (it was free, expired or already its own). */
    public Uni<Boolean> acquire(String holder, Instant now, Instant until) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into reconciliation_lease (name, holder, held_until) values ('reconciliation', ?1, ?2) "
                                + "on conflict (name) do update set holder = excluded.holder, "
                                + "held_until = excluded.held_until "
                                + "where reconciliation_lease.held_until < ?3 or reconciliation_lease.holder = ?1")
                .setParameter(1, holder)
                .setParameter(2, until)
                .setParameter(3, now)
                .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Gives the lease up, if {@code holder} holds it. */
    public Uni<Void> release(String holder) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update reconciliation_lease set held_until = now() where holder = ?1")
                .setParameter(1, holder)
                .executeUpdate())
                .replaceWithVoid();
    }
}
