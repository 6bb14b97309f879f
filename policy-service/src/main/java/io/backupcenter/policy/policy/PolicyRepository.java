package io.backupcenter.policy.policy;

import io.quarkus.hibernate.reactive.panache.Panache;
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

    /**
     * Stores {@code policy} unless one of its id exists already (two paths may create a vault's DefaultPolicy at the
     * same moment: its {@code VaultCreated} and a read of the vault before it).
     */
    public Uni<Void> addIfMissing(Policy policy) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into policy (id, vault_id, name, policy_type, schedule, time_zone, "
                                + "instant_restore_retention_days, retention, snapshot_rg_prefix, snapshot_rg_suffix, "
                                + "created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                                + "on conflict do nothing")
                .setParameter(1, policy.id)
                .setParameter(2, policy.vaultId)
                .setParameter(3, policy.name)
                .setParameter(4, policy.policyType.name())
                .setParameter(5, new PolicyColumns.ScheduleColumn().convertToDatabaseColumn(policy.schedule))
                .setParameter(6, policy.timeZone)
                .setParameter(7, policy.instantRestoreRetentionDays)
                .setParameter(8, new PolicyColumns.RetentionColumn().convertToDatabaseColumn(policy.retention))
                .setParameter(9, policy.snapshotRgPrefix)
                .setParameter(10, policy.snapshotRgSuffix)
                .setParameter(11, policy.createdAt)
                .setParameter(12, policy.updatedAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Deletes the vault's policy (retired by vault-service), keeping its id as deleted; deleting it again changes
     * nothing.
     */
    public Uni<Void> deleteRetired(String vaultId, String policyId) {
        return delete("vaultId = ?1 and id = ?2", vaultId, policyId)
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into deleted_policy (id, vault_id, deleted_at) values (?1, ?2, now()) "
                                        + "on conflict do nothing")
                        .setParameter(1, policyId)
                        .setParameter(2, vaultId)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** Whether the policy was deleted (after vault-service retired it). */
    public Uni<Boolean> wasDeleted(String policyId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from deleted_policy where id = ?1", Long.class)
                .setParameter(1, policyId)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /** Deletes every policy of the vault. */
    public Uni<Long> deleteOfVault(String vaultId) {
        return delete("vaultId", vaultId);
    }
}
