package io.backupcenter.policy.policy;

import io.backupcenter.kit.Failures;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.policy.retention.RetentionService;
import io.backupcenter.policy.schedule.ScheduleService;
import io.backupcenter.policy.vault.VaultDirectory;
import io.backupcenter.policy.vault.VaultLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/**
 * The policies of a vault. A change applies to every item on the policy at once: their next runs follow the new
 * schedule and their existing recovery points the new retention (as in Azure). A vault is read through from
 * vault-service when its {@code VaultCreated} has not arrived yet, so a vault's policies are there the moment it is.
 * Whether a policy is in use is vault-service's to say: it holds the items, and it retires the policy in the same
 * lock that every protection of an item on it takes, so no item can be put on a policy being deleted.
 */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository policies;
    private final VaultLifecycle vaults;
    private final VaultDirectory directory;
    private final ScheduleService schedules;
    private final RetentionService retention;
    private final Clock clock;

    PolicyService(PolicyRepository policies, VaultLifecycle vaults, VaultDirectory directory,
            ScheduleService schedules, RetentionService retention, Clock clock) {
        this.policies = policies;
        this.vaults = vaults;
        this.directory = directory;
        this.schedules = schedules;
        this.retention = retention;
        this.clock = clock;
    }

    /** The vault's policies; 404 for an unknown vault. */
    public Uni<List<Policy>> list(String vaultId) {
        return vaults.require(vaultId).chain(() -> Panache.withSession(() -> policies.ofVault(vaultId)));
    }

    /** One policy of the vault; 404 for an unknown vault or policy. */
    public Uni<Policy> get(String vaultId, String policyId) {
        return vaults.require(vaultId).chain(() -> Panache.withSession(() -> inVault(vaultId, policyId)));
    }

    /** A new policy; 409 when the vault has one of that name. */
    public Uni<Policy> create(String vaultId, PolicyRequest request) {
        PolicySettings settings = PolicyRules.check(request);
        return vaults.require(vaultId)
                .chain(() -> Panache.withTransaction(() -> requireFreeName(vaultId, settings.name(), null)
                        .chain(() -> policies.persistAndFlush(Policy.create(vaultId, settings, clock.instant())))))
                .onFailure(Failures::isUniqueViolation).transform(e -> new PolicyNameTaken(settings.name()));
    }

    /**
     * Replaces a policy's settings and applies them to its items. The DefaultPolicy keeps its name; an Enhanced policy
     * stays Enhanced.
     */
    public Uni<Policy> update(String vaultId, String policyId, PolicyRequest request) {
        PolicySettings settings = PolicyRules.check(request);
        return vaults.require(vaultId).chain(() -> Panache.withTransaction(() -> change(vaultId, policyId, settings)))
                .onFailure(Failures::isUniqueViolation).transform(e -> new PolicyNameTaken(settings.name()));
    }

    private Uni<Policy> change(String vaultId, String policyId, PolicySettings settings) {
        return policies.inVaultForChange(vaultId, policyId)
                .onItem().ifNull().failWith(() -> new PolicyNotFound(vaultId, policyId))
                .invoke(policy -> {
                    if (policy.name.equals(Policy.DEFAULT_NAME) && !settings.name().equals(Policy.DEFAULT_NAME)) {
                        throw new ApiException.Conflict("default-policy",
                                "The DefaultPolicy cannot be renamed; create a policy with the new name instead.");
                    }
                    if (policy.policyType == PolicyType.Enhanced && settings.policyType() == PolicyType.Standard) {
                        throw new ApiException.Conflict("policy-type",
                                "An Enhanced policy cannot become Standard again; create a Standard policy and move the items to it.");
                    }
                })
                .call(policy -> requireFreeName(vaultId, settings.name(), policy.id))
                .invoke(policy -> policy.apply(settings, clock.instant()))
                .call(schedules::reschedule)
                .call(retention::reassignPolicy);
    }

    /**
     * Deletes a policy no item uses; the DefaultPolicy stays. vault-service first retires the policy on behalf of
     * {@code bearer} (the caller's token), refusing while any item uses it; only then does it go here. No transaction
     * is open here meanwhile. Should the deletion here fail after that, the retired policy can no longer be used and
     * reconciliation deletes it.
     */
    public Uni<Void> delete(String vaultId, String policyId, String bearer) {
        return vaults.require(vaultId)
                .chain(() -> Panache.withSession(() -> inVault(vaultId, policyId)))
                .invoke(policy -> {
                    if (policy.name.equals(Policy.DEFAULT_NAME)) {
                        throw new ApiException.Conflict("default-policy", "The DefaultPolicy cannot be deleted.");
                    }
                })
                .call(policy -> directory.retirePolicy(vaultId, policy.id, bearer))
                .chain(policy -> Panache.withTransaction(() -> policies.deleteRetired(vaultId, policy.id)));
    }

    private Uni<Void> requireFreeName(String vaultId, String name, String exceptId) {
        return policies.named(vaultId, name).invoke(existing -> {
            if (existing != null && !existing.id.equals(exceptId)) {
                throw new PolicyNameTaken(name);
            }
        }).replaceWithVoid();
    }

    private Uni<Policy> inVault(String vaultId, String policyId) {
        return policies.inVault(vaultId, policyId).onItem().ifNull().failWith(() -> new PolicyNotFound(vaultId, policyId));
    }
}
