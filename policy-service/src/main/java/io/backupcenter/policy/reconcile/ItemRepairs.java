package io.backupcenter.policy.reconcile;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.schedule.ItemNotScheduled;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.policy.item.ItemBook;
import io.backupcenter.policy.item.ItemState;
import io.backupcenter.policy.item.ProtectedItem;
import io.backupcenter.policy.item.ProtectedItemRepository;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.backupcenter.policy.retention.RetentionService;
import io.backupcenter.policy.vault.VaultDirectory.RemoteItem;
import io.backupcenter.policy.vault.VaultLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Brings policy-service's copy of one protected item in line with vault-service's ({@link Reconciler}): the item
 * exists here, in the state its protection says (scheduled while protected, not while stopped or soft-deleted), on the
 * same policy and VM; an item vault-service no longer has is purged here. Each repair is one transaction, which
 * leaves a row alone that changed after the pass began.
 */
@ApplicationScoped
public class ItemRepairs {

    static final String MISSING = "item-missing";
    static final String STATE = "item-state";
    static final String POLICY = "item-policy";
    static final String VM = "item-vm";
    static final String GONE = "item-gone";
    static final String UNSCHEDULABLE = "item-unschedulable";
    static final String ERROR_CLEARED = "item-error-cleared";

    /** One repair: its kind and what it did, in words. */
    public record Repair(String kind, String what) {
    }

    private final ProtectedItemRepository items;
    private final PolicyRepository policies;
    private final VaultLifecycle vaults;
    private final RetentionService retention;
    private final ItemBook book;
    private final Outbox outbox;
    private final Clock clock;

    ItemRepairs(ProtectedItemRepository items, PolicyRepository policies, VaultLifecycle vaults,
            RetentionService retention, ItemBook book, Outbox outbox, Clock clock) {
        this.items = items;
        this.policies = policies;
        this.vaults = vaults;
        this.retention = retention;
        this.book = book;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** What the item's protection state in vault-service means here. */
    static ItemState stateOf(String protectionState) {
        return switch (protectionState) {
            case "ProtectionStopped" -> ItemState.Stopped;
            case "SoftDeleted" -> ItemState.SoftDeleted;
            default -> ItemState.Active;
        };
    }

    /** Whether the copy here ({@code local}, null when there is none) differs from vault-service's item. */
    boolean needed(RemoteItem remote, ProtectedItem local) {
        ItemState wanted = stateOf(remote.protectionState());
        VmSpec vm = vmOf(remote);
        return local == null
                || local.state != wanted
                || !local.policyId.equals(remote.policyId())
                || (wanted == ItemState.Active && local.nextRunAt == null)
                || (vm != null && !vm.equals(local.vm))
                || (wanted == ItemState.Active && remote.scheduleError());
    }

    /** Repairs the copy of {@code remote} here; null when nothing was done (the row moved on meanwhile). */
    Uni<Repair> repair(RemoteItem remote, Instant passStarted) {
        return Panache.withTransaction(() -> items.findById(remote.id()).chain(local -> {
            if (local != null && local.updatedAt.isAfter(passStarted)) {
                return Uni.createFrom().nullItem();
            }
            ItemState wanted = stateOf(remote.protectionState());
            if (wanted != ItemState.Active) {
                return local == null ? create(remote, wanted, null) : deactivate(local, remote, wanted);
            }
            return policyOf(remote).chain(policy -> {
                if (policy == null) {
                    return unschedulable(remote, local);
                }
                return local == null ? create(remote, wanted, policy) : activate(local, remote, policy);
            });
        }));
    }

    /** The copy here of an item vault-service no longer has: purged, its points forgotten. */
    Uni<Repair> gone(ProtectedItem known, Instant passStarted) {
        return Panache.withTransaction(() -> items.findById(known.id).chain(item -> {
            if (item == null || item.state == ItemState.Purged || item.updatedAt.isAfter(passStarted)) {
                return Uni.createFrom().nullItem();
            }
            item.state = ItemState.Purged;
            item.nextRunAt = null;
            item.awaitingResultSince = null;
            item.updatedAt = clock.instant();
            return retention.forgetItem(item.id).replaceWith(new Repair(GONE, "item " + item.id
                    + " no longer exists in vault-service: no longer scheduled here"));
        }));
    }

    private Uni<Repair> create(RemoteItem remote, ItemState state, Policy policy) {
        VmSpec vm = vmOf(remote);
        if (vm == null) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        ProtectedItem item = new ProtectedItem();
        item.id = remote.id();
        item.vaultId = remote.vaultId();
        item.policyId = remote.policyId();
        item.region = vm.region();
        item.vm = vm;
        item.state = state;
        item.nextRunAt = policy == null ? null : policy.schedule.nextRunAfter(now, policy.zone());
        item.createdAt = now;
        item.updatedAt = now;
        Uni<Void> announced = policy == null ? Uni.createFrom().voidItem() : book.scheduled(item, null);
        return items.persist(item).chain(() -> announced).replaceWith(new Repair(MISSING, "item " + item.id + " ("
                + vm.name() + ", " + remote.protectionState() + " in vault-service) was not known here: recorded"
                + (policy == null ? "" : ", next backup " + item.nextRunAt)));
    }

    private Uni<Repair> deactivate(ProtectedItem item, RemoteItem remote, ItemState wanted) {
        Repair repair = item.state != wanted
                ? new Repair(STATE, "item " + item.id + " was " + item.state + " here but " + remote.protectionState()
                        + " in vault-service: " + wanted + ", no longer scheduled")
                : new Repair(POLICY, "item " + item.id + " followed policy " + item.policyId + " here but "
                        + remote.policyId() + " in vault-service");
        boolean wasActive = item.state == ItemState.Active;
        item.state = wanted;
        item.policyId = remote.policyId();
        item.nextRunAt = null;
        item.awaitingResultSince = null;
        updateVm(item, remote);
        item.updatedAt = clock.instant();
        return (wasActive ? retention.releaseKept(item.id) : Uni.createFrom().voidItem()).replaceWith(repair);
    }

    private Uni<Repair> activate(ProtectedItem item, RemoteItem remote, Policy policy) {
        Instant now = clock.instant();
        Repair repair;
        boolean policyChanged = !item.policyId.equals(policy.id);
        if (item.state != ItemState.Active || item.nextRunAt == null) {
            repair = new Repair(STATE, "item " + item.id + " was " + item.state + " here but "
                    + remote.protectionState() + " in vault-service: scheduled again");
        } else if (policyChanged) {
            repair = new Repair(POLICY, "item " + item.id + " followed policy " + item.policyId + " here but "
                    + policy.id + " in vault-service: follows " + policy.name);
        } else if (remote.scheduleError()) {
            repair = new Repair(ERROR_CLEARED, "item " + item.id + " showed a scheduling error in vault-service but is "
                    + "scheduled here: told so");
        } else {
            repair = new Repair(VM, "item " + item.id + "'s VM differed from vault-service's: updated");
        }
        if (item.state != ItemState.Active || item.nextRunAt == null || policyChanged) {
            item.nextRunAt = policy.schedule.nextRunAfter(now, policy.zone());
        }
        item.state = ItemState.Active;
        item.policyId = policy.id;
        updateVm(item, remote);
        item.updatedAt = now;
        Uni<Void> points = policyChanged ? retention.reassignItem(item.id, policy) : Uni.createFrom().voidItem();
        return points.chain(() -> book.scheduled(item, null)).replaceWith(repair);
    }

    private Uni<Repair> unschedulable(RemoteItem remote, ProtectedItem local) {
        if (remote.scheduleError()) {
            return Uni.createFrom().nullItem();  // reported already: vault-service shows the item's error
        }
        return outbox.add(Topics.SCHEDULE_EVENTS, ItemNotScheduled.of(clock, remote.id(), remote.vaultId(), null,
                        ItemNotScheduled.NOT_SCHEDULED, "Scheduled backups of this item cannot run: its policy "
                                + remote.policyId() + " does not exist. Change the item's policy to schedule it "
                                + "again."))
                .replaceWith(new Repair(UNSCHEDULABLE, "item " + remote.id() + " is on policy " + remote.policyId()
                        + ", which does not exist: vault-service shows the item's error"));
    }

    /** The item's policy; a vault's DefaultPolicy not known yet comes with its vault from vault-service. */
    private Uni<Policy> policyOf(RemoteItem remote) {
        Uni<Void> vaultFirst = remote.policyId().equals(Ids.defaultPolicyId(remote.vaultId()))
                ? vaults.find(remote.vaultId()).replaceWithVoid() : Uni.createFrom().voidItem();
        return vaultFirst.chain(() -> policies.forScheduling(remote.policyId()))
                .map(policy -> policy != null && policy.vaultId.equals(remote.vaultId()) ? policy : null);
    }

    private static void updateVm(ProtectedItem item, RemoteItem remote) {
        VmSpec vm = vmOf(remote);
        if (vm != null && !Objects.equals(vm, item.vm)) {
            item.vm = vm;
            item.region = vm.region();
        }
    }

    private static VmSpec vmOf(RemoteItem remote) {
        if (remote.vm() == null) {
            return null;
        }
        try {
            return EventJson.read(remote.vm().encode(), VmSpec.class);
        } catch (MalformedEventException e) {
            return null;
        }
    }
}
