package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.retention.RetentionAssigned;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.vault.protection.ProtectedItemNotFound;
import io.backupcenter.vault.protection.ProtectedItemRepository;
import io.backupcenter.vault.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * The recovery-point catalog: what backups made ({@code snapshot-completed}) minus what expired ({@code rp-expired}),
 * and the item fields that follow from it. The event handlers run in the consumer's transaction.
 */
@ApplicationScoped
public class Catalog {

    private static final Logger LOG = Logger.getLogger(Catalog.class);

    private final RecoveryPointRepository points;
    private final RecoveryPointRetentionRepository retentions;
    private final ProtectedItemRepository items;
    private final VaultRepository vaults;
    private final Outbox outbox;
    private final Clock clock;

    Catalog(RecoveryPointRepository points, RecoveryPointRetentionRepository retentions,
            ProtectedItemRepository items, VaultRepository vaults, Outbox outbox, Clock clock) {
        this.points = points;
        this.retentions = retentions;
        this.items = items;
        this.vaults = vaults;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The item's recovery points, newest first, with their expiry dates; 404 for an unknown item. */
    @WithSession
    public Uni<List<RecoveryPointView>> ofItem(String vaultId, String itemId) {
        return items.inVault(vaultId, itemId)
                .onItem().ifNull().failWith(() -> new ProtectedItemNotFound(vaultId, itemId))
                .chain(item -> points.ofItem(itemId))
                .chain(list -> retentions.of(list.stream().map(p -> p.id).toList())
                        .map(dates -> list.stream().map(p -> RecoveryPointView.from(p, dates.get(p.id))).toList()));
    }

    /**
     * Takes a point's expiry dates from its policy; the newest assignment wins. Kept apart from the point, which may
     * reach the catalog after its dates.
     */
    public Uni<Void> assign(RetentionAssigned assigned) {
        return retentions.findById(assigned.recoveryPointId()).chain(existing -> {
            if (existing == null) {
                RecoveryPointRetention retention = new RecoveryPointRetention();
                retention.recoveryPointId = assigned.recoveryPointId();
                retention.take(assigned);
                return retentions.persist(retention).replaceWithVoid();
            }
            if (!assigned.occurredAt().isBefore(existing.assignedAt)) {
                existing.take(assigned);
            }
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Records a finished backup: its recovery point (in both tiers) and the item's last backup. A point whose item no
     * longer exists is not kept: its data is announced expired so that the workers delete it.
     */
    public Uni<Void> record(SnapshotCompleted result) {
        return items.findById(result.protectedItemId()).chain(item -> {
            if (item == null) {
                if (result.status() != SnapshotStatus.Succeeded) {
                    return Uni.createFrom().voidItem();
                }
                LOG.infof("recovery point %s of removed item %s: its data goes", result.recoveryPoint().id(),
                        result.protectedItemId());
                return outbox.add(Topics.RP_EXPIRED, RecoveryPointExpired.of(clock, result.protectedItemId(),
                        result.vaultId(), result.recoveryPoint().id(), Tier.All, ExpiryReason.ItemDeleted));
            }
            Uni<Void> usage = result.vaultStoredBytes() == null ? Uni.createFrom().voidItem()
                    : vaults.recordStoredBytes(result.vaultId(), result.vaultStoredBytes());
            if (result.status() == SnapshotStatus.Failed) {
                item.backupFailed(result.jobId(), result.occurredAt());
                return usage;
            }
            return points.findById(result.recoveryPoint().id())
                    .chain(known -> known != null ? Uni.createFrom().voidItem()
                            : points.persist(RecoveryPoint.of(item.id, item.vaultId, result, clock.instant()))
                                    .replaceWithVoid())
                    .invoke(() -> item.backupSucceeded(result.jobId(), result.recoveryPoint().time(),
                            result.occurredAt()))
                    .chain(() -> usage);
        });
    }

    /** Drops a tier's copy of a recovery point; a point no tier holds leaves the catalog. */
    public Uni<Void> expire(RecoveryPointExpired expiry) {
        return points.findById(expiry.recoveryPointId()).chain(point -> {
            if (point == null) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> change = point.leave(expiry.tier())
                    ? Panache.getSession().invoke(session -> session.detach(point))
                            .chain(() -> points.delete("id", point.id))
                            .chain(() -> retentions.delete("recoveryPointId", point.id))
                            .replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return change
                    .chain(() -> Panache.getSession().chain(session -> session.flush()))
                    .chain(() -> refreshLatest(point.protectedItemId));
        });
    }

    private Uni<Void> refreshLatest(String itemId) {
        return items.findById(itemId).chain(item -> item == null ? Uni.createFrom().voidItem()
                : points.latestTime(itemId).invoke(latest -> item.latestRecoveryPointTime = latest).replaceWithVoid());
    }
}
