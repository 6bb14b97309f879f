package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/**
 * Holds "a policy any item uses (stopped and soft-deleted ones included) cannot be deleted" and "an item always
 * refers to an existing policy" across vault-service and policy-service. policy-service deletes a policy only after
 * vault-service, which holds the items, has retired it ({@link #retire}); every transaction that puts an item on a
 * policy first takes that policy's lock in shared mode and refuses a retired one ({@link #use}), and retiring takes it
 * exclusively. So of a protection and a deletion of the same policy, in any interleaving, one waits for the other
 * and then sees its outcome: the deletion finds the item (409), or the protection finds the policy retired (404).
 */
@ApplicationScoped
public class PolicyRetirement {

    /** The first key of the policy locks (advisory locks with two keys; the second is the policy id's hash). */
    private static final int LOCK_SPACE = 0x706f6c;

    private final Clock clock;

    PolicyRetirement(Clock clock) {
        this.clock = clock;
    }

    /**
     * In the caller's transaction, which is about to put an item on {@code policyId}: takes the policy's lock in shared
     * mode (held until that transaction ends) and refuses a retired policy with 404.
     */
    public Uni<Void> use(String vaultId, String policyId) {
        return lock(policyId, "pg_advisory_xact_lock_shared")
                .chain(() -> isRetired(policyId))
                .invoke(retired -> {
                    if (retired) {
                        throw new PolicyNotFound(vaultId, policyId);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Retires the policy in the caller's transaction: takes its lock exclusively (waiting for every transaction putting
     * an item on it), then refuses with 409 while any item uses it; else no item can be put on it from now on.
     * Retiring a retired policy again changes nothing; the DefaultPolicy is never retired.
     */
    public Uni<Void> retire(String vaultId, String policyId) {
        if (policyId.equals(io.backupcenter.contracts.Ids.defaultPolicyId(vaultId))) {
            return Uni.createFrom().failure(new ApiException.Conflict("default-policy",
                    "The DefaultPolicy cannot be deleted."));
        }
        return lock(policyId, "pg_advisory_xact_lock")
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "select count(*) from protected_item where policy_id = ?1", Long.class)
                        .setParameter(1, policyId)
                        .getSingleResult()))
                .chain(users -> {
                    if (users > 0) {
                        throw new ApiException.Conflict("policy-in-use", "The policy is used by " + users
                                + " protected item(s), stopped and soft-deleted ones included; move them to another "
                                + "policy first.");
                    }
                    return Panache.getSession().chain(session -> session.createNativeQuery(
                                    "insert into retired_policy (policy_id, vault_id, retired_at) values (?1, ?2, ?3) "
                                            + "on conflict do nothing")
                            .setParameter(1, policyId)
                            .setParameter(2, vaultId)
                            .setParameter(3, clock.instant())
                            .executeUpdate());
                })
                .replaceWithVoid();
    }

    /** A retired policy and when it was retired. */
    public record Retired(String policyId, String vaultId, java.time.Instant retiredAt) {
    }

    /** Every retired policy. */
    public Uni<List<Retired>> retired() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select policy_id, vault_id, retired_at from retired_policy order by policy_id", Object[].class)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new Retired((String) row[0], (String) row[1],
                        row[2] instanceof java.time.OffsetDateTime time ? time.toInstant() : (java.time.Instant) row[2]))
                        .toList());
    }

    private Uni<Boolean> isRetired(String policyId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from retired_policy where policy_id = ?1", Long.class)
                .setParameter(1, policyId)
                .getSingleResult())
                .map(count -> count > 0);
    }

    private Uni<Void> lock(String policyId, String function) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from (select " + function + "(" + LOCK_SPACE + ", hashtext(?1))) locked",
                        Long.class)
                .setParameter(1, policyId)
                .getSingleResult())
                .replaceWithVoid();
    }
}
