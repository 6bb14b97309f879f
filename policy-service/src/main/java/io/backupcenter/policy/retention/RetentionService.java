package io.backupcenter.policy.retention;

import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.retention.RetentionAssigned;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.kit.messaging.DependencyMissing;
import io.backupcenter.policy.item.ItemState;
import io.backupcenter.policy.item.ProtectedItemRepository;
import io.backupcenter.policy.policy.Policy;
import io.backupcenter.policy.policy.PolicyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Retention of recovery points: each point's expiry per tier is set when its backup is recorded (and again when its
 * policy changes), announced on {@code retention-events}, and acted on when due with {@code rp-expired}. The latest
 * point of a protected item keeps its vault tier while the item is protected, so an item always has a point.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private final RecoveryPointRepository points;
    private final ProtectedItemRepository items;
    private final PolicyRepository policies;
    private final Outbox outbox;
    private final Clock clock;

    RetentionService(RecoveryPointRepository points, ProtectedItemRepository items, PolicyRepository policies,
            Outbox outbox, Clock clock) {
        this.points = points;
        this.items = items;
        this.policies = policies;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Records a succeeded backup's point with the expiry its item's policy gives (consumer's transaction). Any result
     * ends the item's wait for its fired run (it is no longer overdue).
     */
    public Uni<Void> record(SnapshotCompleted result) {
        return items.findById(result.protectedItemId()).chain(item -> {
            boolean succeeded = result.status() == SnapshotStatus.Succeeded;
            if (item == null) {
                if (!succeeded) {
                    return Uni.createFrom().voidItem();
                }
                throw new DependencyMissing("protected item " + result.protectedItemId() + " is not known here yet");
            }
            item.awaitingResultSince = null;
            if (item.state == ItemState.Purged || !succeeded) {
                return Uni.createFrom().voidItem();
            }
            return points.findById(result.recoveryPoint().id()).chain(known -> known != null
                    ? Uni.createFrom().voidItem()
                    : policies.findById(item.policyId).chain(policy -> {
                        RecoveryPoint point = new RecoveryPoint();
                        point.id = result.recoveryPoint().id();
                        point.protectedItemId = item.id;
                        point.vaultId = item.vaultId;
                        point.time = result.recoveryPoint().time();
                        point.trigger = result.trigger();
                        point.scheduledFor = result.scheduledFor();
                        point.retainUntil = result.retainUntil();
                        point.assign(RetentionCalculator.expiry(point.facts(), policy.rules()));
                        return points.releaseKept(item.id)
                                .chain(() -> points.persist(point))
                                .chain(() -> announce(point));
                    }));
        });
    }

    /**
     * A point vault-service's catalog holds that is not known here (its {@code snapshot-completed} was lost here):
     * kept by its item's policy from the facts the catalog recorded ({@code trigger} null, for a point recorded before
     * the catalog kept it, is taken as scheduled), and its expiry announced. False when its item is not known here or
     * is gone, or the point is known after all.
     */
    public Uni<Boolean> adopt(String pointId, String itemId, Instant time, Trigger trigger, Instant scheduledFor,
            Instant retainUntil) {
        return points.findById(pointId).chain(known -> known != null ? Uni.createFrom().item(false)
                : items.findById(itemId).chain(item -> {
                    if (item == null || item.state == ItemState.Purged) {
                        return Uni.createFrom().item(false);
                    }
                    return policies.findById(item.policyId).chain(policy -> {
                        if (policy == null) {
                            return Uni.createFrom().item(false);
                        }
                        RecoveryPoint point = new RecoveryPoint();
                        point.id = pointId;
                        point.protectedItemId = item.id;
                        point.vaultId = item.vaultId;
                        point.time = time;
                        point.trigger = trigger == null ? Trigger.Scheduled : trigger;
                        point.scheduledFor = scheduledFor;
                        point.retainUntil = retainUntil;
                        point.assign(RetentionCalculator.expiry(point.facts(), policy.rules()));
                        return points.persist(point).chain(() -> announce(point)).replaceWith(true);
                    });
                }));
    }

    /**
     * Announces the point's expiry again when the catalog shows other dates (its {@code RetentionAssigned} was lost);
     * false when the point is not known here or the dates agree.
     */
    public Uni<Boolean> announceAgain(String pointId, Instant snapshotExpiresAt, Instant vaultExpiresAt) {
        return points.findById(pointId).chain(point -> {
            if (point == null || (same(point.snapshotExpiresAt, snapshotExpiresAt)
                    && same(point.vaultExpiresAt, vaultExpiresAt))) {
                return Uni.createFrom().item(false);
            }
            return announce(point).replaceWith(true);
        });
    }

    private static boolean same(Instant here, Instant there) {
        return there != null && here.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                .equals(there.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /** Recomputes the expiry of every point of the items on {@code policy} (after a change of the policy). */
    public Uni<Void> reassignPolicy(Policy policy) {
        return items.usingPolicy(policy.id).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(item -> reassignItem(item.id, policy))
                .collect().last()
                .replaceWithVoid());
    }

    /** Recomputes the expiry of every point of one item under {@code policy}; announces the ones that moved. */
    public Uni<Void> reassignItem(String itemId, Policy policy) {
        return points.ofItem(itemId).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(point -> point.assign(
                        RetentionCalculator.expiry(point.facts(), policy.rules()))
                        ? announce(point) : Uni.createFrom().voidItem())
                .collect().last()
                .replaceWithVoid());
    }

    /** Points kept as the item's latest become due again, e.g. when protection stops. */
    public Uni<Void> releaseKept(String itemId) {
        return points.releaseKept(itemId).replaceWithVoid();
    }

    /** Forgets the points of an item whose data is gone. */
    public Uni<Void> forgetItem(String itemId) {
        return points.deleteOfItem(itemId).replaceWithVoid();
    }

    /**
     * Expires up to {@code limit} due tiers: {@code rp-expired} for each, except the vault tier of a protected item's
     * latest point, which is kept until a newer point exists. Returns how many points it looked at.
     */
    @WithTransaction
    public Uni<Integer> expireDue(int limit) {
        Instant now = clock.instant();
        return points.claimDue(now, limit).chain(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(point -> expire(point, now))
                .collect().asList()
                .replaceWith(due.size()));
    }

    private Uni<Void> expire(RecoveryPoint point, Instant now) {
        Uni<Void> snapshot = Uni.createFrom().voidItem();
        if (!point.snapshotExpired && !point.snapshotExpiresAt.isAfter(now)) {
            point.snapshotExpired = true;
            snapshot = outbox.add(Topics.RP_EXPIRED, RecoveryPointExpired.of(clock, point.protectedItemId,
                    point.vaultId, point.id, Tier.Snapshot, ExpiryReason.Retention));
        }
        boolean vaultDue = !point.vaultExpired && !point.vaultKept && !point.vaultExpiresAt.isAfter(now);
        Uni<Void> vault = !vaultDue ? Uni.createFrom().voidItem() : keepsLatest(point).chain(keep -> {
            if (keep) {
                point.vaultKept = true;
                LOG.debugf("recovery point %s is its item's latest: kept past its expiry", point.id);
                return Uni.createFrom().voidItem();
            }
            point.vaultExpired = true;
            return outbox.add(Topics.RP_EXPIRED, RecoveryPointExpired.of(clock, point.protectedItemId, point.vaultId,
                    point.id, Tier.Vault, ExpiryReason.Retention));
        });
        return snapshot.chain(() -> vault).chain(() -> point.snapshotExpired && point.vaultExpired
                ? deleteDetached(point) : Uni.createFrom().voidItem());
    }

    /**
     * Deletes the point by a query, after taking it out of the session: removing a managed entity races in Hibernate
     * Reactive's delete coordinator when requests run at once (quarkusio/quarkus#41945, fixed after our platform).
     */
    private Uni<Void> deleteDetached(RecoveryPoint point) {
        return Panache.getSession().invoke(session -> session.detach(point))
                .chain(() -> points.delete("id", point.id))
                .replaceWithVoid();
    }

    /** True when the point is the latest of an item that is still protected. */
    private Uni<Boolean> keepsLatest(RecoveryPoint point) {
        return items.findById(point.protectedItemId).chain(item -> {
            if (item == null || item.state != ItemState.Active) {
                return Uni.createFrom().item(false);
            }
            return points.ofItem(item.id).map(list -> !list.isEmpty() && list.get(0).id.equals(point.id));
        });
    }

    private Uni<Void> announce(RecoveryPoint point) {
        return outbox.add(Topics.RETENTION_EVENTS, RetentionAssigned.of(clock, point.protectedItemId, point.vaultId,
                point.id, point.snapshotExpiresAt, point.vaultExpiresAt));
    }
}
