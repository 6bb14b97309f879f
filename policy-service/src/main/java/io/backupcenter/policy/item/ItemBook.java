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
import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.schedule.ItemNotScheduled;
import io.backupcenter.contracts.schedule.ItemScheduled;
import io.backupcenter.kit.messaging.DependencyMissing;
import io.backupcenter.kit.messaging.Rejections;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.backupcenter.policy.retention.RetentionService;
import io.backupcenter.policy.vault.VaultLifecycle;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * Keeps policy-service's copy of the protected items from {@code protection-events}: which policy each follows,
 * whether it is active (scheduled) and its VM. Each item scheduled (new, resumed, on another policy) is announced on
 * {@code schedule-events}; a protection event that cannot be applied is, when dead-lettered, announced as the item's
 * {@code ItemNotScheduled} ({@link #record}). Runs in the consumer's transaction; idempotent.
 */
@ApplicationScoped
public class ItemBook implements Rejections<ProtectionEvent> {

    private final ProtectedItemRepository items;
    private final PolicyRepository policies;
    private final VaultLifecycle vaults;
    private final RetentionService retention;
    private final Outbox outbox;
    private final Clock clock;

    ItemBook(ProtectedItemRepository items, PolicyRepository policies, VaultLifecycle vaults,
            RetentionService retention, Outbox outbox, Clock clock) {
        this.items = items;
        this.policies = policies;
        this.vaults = vaults;
        this.retention = retention;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Applies one event of {@code protection-events}. */
    public Uni<Void> apply(ProtectionEvent event) {
        Instant now = clock.instant();
        if (event instanceof ProtectionConfigured e) {
            // Known already (reconciliation recorded it first): its ConfigureBackup job completes all the same.
            return items.findById(e.protectedItemId()).chain(existing -> existing != null
                    ? scheduled(existing, e.jobId())
                    : requirePolicy(e.vaultId(), e.policyId()).chain(policy -> {
                        ProtectedItem item = new ProtectedItem();
                        item.id = e.protectedItemId();
                        item.vaultId = e.vaultId();
                        item.policyId = e.policyId();
                        item.region = e.vm().region();
                        item.vm = e.vm();
                        item.state = ItemState.Active;
                        // A policy deleted since: the item has moved to another one, whose event follows.
                        item.nextRunAt = policy == null ? null : policy.schedule.nextRunAfter(now, policy.zone());
                        item.createdAt = now;
                        item.updatedAt = now;
                        return items.persist(item).chain(() -> scheduled(item, e.jobId()));
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
            return change(e.protectedItemId(), item -> requirePolicy(item.vaultId, e.policyId()).chain(policy -> {
                item.vm = e.vm();
                item.state = ItemState.Active;
                item.updatedAt = now;
                if (policy == null) {
                    // Deleted since: the item has moved to another policy, whose event follows.
                    item.nextRunAt = null;
                    return Uni.createFrom().voidItem();
                }
                item.policyId = policy.id;
                item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
                return retention.reassignItem(item.id, policy).chain(() -> scheduled(item, null));
            }));
        }
        if (event instanceof ItemPolicyChanged e) {
            return change(e.protectedItemId(), item -> requirePolicy(item.vaultId, e.policyId()).chain(policy -> {
                if (policy == null) {
                    // Deleted since: a later change moved the item off it (its event follows); nothing to apply.
                    return Uni.createFrom().voidItem();
                }
                item.policyId = policy.id;
                if (item.state == ItemState.Active) {
                    item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
                }
                item.updatedAt = now;
                return retention.reassignItem(item.id, policy).chain(() -> scheduled(item, null));
            }));
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

    /** Announces that the item is scheduled as it now stands (for its ConfigureBackup job {@code jobId}, if any). */
    public Uni<Void> scheduled(ProtectedItem item, String jobId) {
        return outbox.add(Topics.SCHEDULE_EVENTS, ItemScheduled.of(clock, item.id, item.vaultId, item.policyId, jobId,
                item.nextRunAt));
    }

    /**
     * A protection event that could not be applied and goes to the dead-letter topic: the item it is about is not
     * scheduled, and vault-service and job-service show why ({@code ItemNotScheduled}).
     */
    @Override
    public Uni<Void> record(String payload, ProtectionEvent event, String reason) {
        String itemId = itemOf(event);
        if (itemId == null) {
            return Uni.createFrom().voidItem();
        }
        String vaultId = event instanceof ProtectionConfigured e ? e.vaultId() : null;
        String jobId = event instanceof ProtectionConfigured e ? e.jobId() : null;
        return outbox.add(Topics.SCHEDULE_EVENTS, ItemNotScheduled.of(clock, itemId, vaultId, jobId,
                ItemNotScheduled.NOT_SCHEDULED, "Scheduled backups of this item cannot be set up: "
                        + event.getClass().getSimpleName() + " could not be applied (" + reason + "). Change the "
                        + "item's policy, or stop and resume its protection, to schedule it again."));
    }

    private static String itemOf(ProtectionEvent event) {
        if (event instanceof ProtectionConfigured e) {
            return e.protectedItemId();
        }
        if (event instanceof ProtectionResumed e) {
            return e.protectedItemId();
        }
        if (event instanceof ItemPolicyChanged e) {
            return e.protectedItemId();
        }
        return null;
    }

    /**
     * The item, changed by {@code change}. An item not known yet is a missing dependency: its
     * {@code ProtectionConfigured} is always published before any later event of it, on the same partition, so the
     * event is parked until it has been applied.
     */
    private Uni<Void> change(String itemId, java.util.function.Function<ProtectedItem, Uni<Void>> change) {
        return items.findById(itemId)
                .onItem().ifNull().failWith(() -> new DependencyMissing(
                        "protected item " + itemId + " is not known here yet"))
                .chain(item -> change.apply(item));
    }

    /**
     * The policy, under a shared lock: a change of its schedule waits until the item is stored, then moves the item's
     * next run too (else an item protected while its policy changes could keep the old schedule). Null for a policy
     * deleted since the event: it was retired, so no item is on it any more and the event is superseded by a later
     * one of the item. A vault's DefaultPolicy not known yet comes with its vault, read through from vault-service;
     * any other policy not known is a missing dependency (the event is parked, and dead-lettered if it never comes).
     */
    private Uni<Policy> requirePolicy(String vaultId, String policyId) {
        Uni<Void> defaultPolicyFirst = vaultId != null && policyId.equals(Ids.defaultPolicyId(vaultId))
                ? vaults.find(vaultId).replaceWithVoid() : Uni.createFrom().voidItem();
        return defaultPolicyFirst.chain(() -> policies.forScheduling(policyId))
                .chain(policy -> policy != null ? Uni.createFrom().item(policy)
                        : policies.wasDeleted(policyId).map(deleted -> {
                            if (!deleted) {
                                throw new DependencyMissing("policy " + policyId + " is not known");
                            }
                            return null;
                        }));
    }
}
