package io.backupcenter.policy.item;

import io.backupcenter.contracts.protection.BackupDataDeleted;
import io.backupcenter.contracts.protection.ItemPolicyChanged;
import io.backupcenter.contracts.protection.ItemPurged;
import io.backupcenter.contracts.protection.ItemUndeleted;
import io.backupcenter.contracts.protection.ProtectedVmUpdated;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.protection.ProtectionResumed;
import io.backupcenter.contracts.protection.ProtectionStopped;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.backupcenter.policy.retention.RetentionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps policy-service's copy of the protected items from {@code protection-events}: which policy each follows,
 * whether it is active (scheduled) and its VM. Runs in the consumer's transaction; idempotent.
 */
@ApplicationScoped
public class ItemBook {

    private final ProtectedItemRepository items;
    private final PolicyRepository policies;
    private final RetentionService retention;
    private final Clock clock;

    ItemBook(ProtectedItemRepository items, PolicyRepository policies, RetentionService retention, Clock clock) {
        this.items = items;
        this.policies = policies;
        this.retention = retention;
        this.clock = clock;
    }

    /** Applies one event of {@code protection-events}. */
    public Uni<Void> apply(ProtectionEvent event) {
        Instant now = clock.instant();
        if (event instanceof ProtectionConfigured e) {
            return items.findById(e.protectedItemId()).chain(existing -> existing != null
                    ? Uni.createFrom().voidItem()
                    : requirePolicy(e.policyId()).chain(policy -> {
                        ProtectedItem item = new ProtectedItem();
                        item.id = e.protectedItemId();
                        item.vaultId = e.vaultId();
                        item.policyId = e.policyId();
                        item.region = e.vm().region();
                        item.vm = e.vm();
                        item.state = ItemState.Active;
                        item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
                        item.createdAt = now;
                        item.updatedAt = now;
                        return items.persist(item).replaceWithVoid();
                    }));
        }
        if (event instanceof ProtectionStopped e) {
            return change(e.protectedItemId(), item -> {
                deactivate(item, ItemState.Stopped, now);
                return retention.releaseKept(item.id);
            });
        }
        if (event instanceof BackupDataDeleted e) {
            return change(e.protectedItemId(), item -> {
                deactivate(item, e.softDeleted() ? ItemState.SoftDeleted : ItemState.Purged, now);
                return e.softDeleted() ? retention.releaseKept(item.id) : retention.forgetItem(item.id);
            });
        }
        if (event instanceof ItemUndeleted e) {
            return change(e.protectedItemId(), item -> {
                deactivate(item, ItemState.Stopped, now);
                return Uni.createFrom().voidItem();
            });
        }
        if (event instanceof ItemPurged e) {
            return change(e.protectedItemId(), item -> {
                deactivate(item, ItemState.Purged, now);
                return retention.forgetItem(item.id);
            });
        }
        if (event instanceof ProtectionResumed e) {
            return change(e.protectedItemId(), item -> requirePolicy(e.policyId()).invoke(policy -> {
                item.policyId = policy.id;
                item.vm = e.vm();
                item.state = ItemState.Active;
                item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
                item.updatedAt = now;
            }).chain(policy -> retention.reassignItem(item.id, policy)));
        }
        if (event instanceof ItemPolicyChanged e) {
            return change(e.protectedItemId(), item -> requirePolicy(e.policyId()).invoke(policy -> {
                item.policyId = policy.id;
                if (item.state == ItemState.Active) {
                    item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
                }
                item.updatedAt = now;
            }).chain(policy -> retention.reassignItem(item.id, policy)));
        }
        if (event instanceof ProtectedVmUpdated e) {
            return change(e.protectedItemId(), item -> {
                item.vm = e.vm();
                item.updatedAt = now;
                return Uni.createFrom().voidItem();
            });
        }
        return Uni.createFrom().voidItem();
    }

    private static void deactivate(ProtectedItem item, ItemState state, Instant now) {
        item.state = state;
        item.nextRunAt = null;
        item.updatedAt = now;
    }

    /**
     * The item, changed by {@code change}. An item not known yet waits: its {@code ProtectionConfigured} is always
     * published before any later event of it, on the same partition, so it is on its way.
     */
    private Uni<Void> change(String itemId, java.util.function.Function<ProtectedItem, Uni<Void>> change) {
        return items.findById(itemId)
                .onItem().ifNull().failWith(() -> new ApiException.Unavailable(
                        "protected item " + itemId + " is not known here yet"))
                .chain(item -> change.apply(item));
    }

    /**
     * The policy, under a shared lock: a change of its schedule waits until the item is stored, then moves the item's
     * next run too (else an item protected while its policy changes could keep the old schedule). One not known yet
     * waits: a new vault's DefaultPolicy is created from {@code VaultCreated}, which vault-service publishes before any
     * item of the vault, but on another topic.
     */
    private Uni<Policy> requirePolicy(String policyId) {
        return policies.forScheduling(policyId).onItem().ifNull().failWith(() -> new ApiException.Unavailable(
                "policy " + policyId + " is not known here yet"));
    }
}
