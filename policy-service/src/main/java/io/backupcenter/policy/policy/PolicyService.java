package io.backupcenter.policy.policy;

import io.backupcenter.kit.Failures;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.policy.item.ProtectedItemRepository;
import io.backupcenter.policy.retention.RetentionService;
import io.backupcenter.policy.schedule.ScheduleService;
import io.backupcenter.policy.vault.VaultNotFound;
import io.backupcenter.policy.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.List;

/**
 * The policies of a vault. A change applies to every item on the policy at once: their next runs follow the new
 * schedule and their existing recovery points the new retention (as in Azure).
 */
@ApplicationScoped
public class PolicyService {

    private final PolicyRepository policies;
    private final VaultRepository vaults;
    private final ProtectedItemRepository items;
    private final ScheduleService schedules;
    private final RetentionService retention;
    private final Clock clock;

    PolicyService(PolicyRepository policies, VaultRepository vaults, ProtectedItemRepository items,
            ScheduleService schedules, RetentionService retention, Clock clock) {
        this.policies = policies;
        this.vaults = vaults;
        this.items = items;
        this.schedules = schedules;
        this.retention = retention;
        this.clock = clock;
    }

    /** The vault's policies; 404 for an unknown vault. */
    @WithSession
    public Uni<List<Policy>> list(String vaultId) {
        return requireVault(vaultId).chain(() -> policies.ofVault(vaultId));
    }

    /** One policy of the vault; 404 for an unknown vault or policy. */
    @WithSession
    public Uni<Policy> get(String vaultId, String policyId) {
        return requirePolicy(vaultId, policyId);
    }

    /** A new policy; 409 when the vault has one of that name. */
    @WithTransaction
    public Uni<Policy> create(String vaultId, PolicyRequest request) {
        PolicySettings settings = PolicyRules.check(request);
        return requireVault(vaultId)
                .chain(() -> requireFreeName(vaultId, settings.name(), null))
                .chain(() -> policies.persistAndFlush(Policy.create(vaultId, settings, clock.instant())))
                .onFailure(Failures::isUniqueViolation).transform(e -> new PolicyNameTaken(settings.name()));
    }

    /**
     * Replaces a policy's settings and applies them to its items. The DefaultPolicy keeps its name; an Enhanced policy
     * stays Enhanced.
     */
    @WithTransaction
    public Uni<Policy> update(String vaultId, String policyId, PolicyRequest request) {
        PolicySettings settings = PolicyRules.check(request);
        return requireVault(vaultId)
                .chain(() -> policies.inVaultForChange(vaultId, policyId))
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
                .call(retention::reassignPolicy)
                .onFailure(Failures::isUniqueViolation).transform(e -> new PolicyNameTaken(settings.name()));
    }

    /** Deletes a policy no item uses; the DefaultPolicy stays. */
    @WithTransaction
    public Uni<Void> delete(String vaultId, String policyId) {
        return requirePolicy(vaultId, policyId)
                .invoke(policy -> {
                    if (policy.name.equals(Policy.DEFAULT_NAME)) {
                        throw new ApiException.Conflict("default-policy", "The DefaultPolicy cannot be deleted.");
                    }
                })
                .call(policy -> items.countUsing(policy.id).invoke(count -> {
                    if (count > 0) {
                        throw new ApiException.Conflict("policy-in-use", "Policy '" + policy.name + "' is used by "
                                + count + " protected item(s), stopped and soft-deleted ones included; move them to "
                                + "another policy first.");
                    }
                }))
                .call(policies::delete)
                .replaceWithVoid();
    }

    private Uni<Void> requireFreeName(String vaultId, String name, String exceptId) {
        return policies.named(vaultId, name).invoke(existing -> {
            if (existing != null && !existing.id.equals(exceptId)) {
                throw new PolicyNameTaken(name);
            }
        }).replaceWithVoid();
    }

    private Uni<Policy> requirePolicy(String vaultId, String policyId) {
        return requireVault(vaultId)
                .chain(() -> policies.inVault(vaultId, policyId))
                .onItem().ifNull().failWith(() -> new PolicyNotFound(vaultId, policyId));
    }

    private Uni<Void> requireVault(String vaultId) {
        return vaults.findById(vaultId)
                .onItem().ifNull().failWith(() -> new VaultNotFound(vaultId))
                .invoke(vault -> {
                    if (vault.deleted) {
                        throw new VaultNotFound(vaultId);
                    }
                })
                .replaceWithVoid();
    }
}
