package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.Tier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A recovery point as the API shows it: the tiers that hold it and when each copy expires. */
public record RecoveryPointView(
        String id,
        Instant time,
        RecoveryPointType type,
        List<TierView> tiers,
        long sizeBytes,
        String snapshotResourceGroup,
        BackupStats stats) {

    /** One tier's copy and its expiry (null until the policy's retention has set it). */
    public record TierView(Tier tier, Instant expiresAt) {
    }

    /** The view of a point with its retention dates (null until policy-service has assigned them). */
    public static RecoveryPointView from(RecoveryPoint point, RecoveryPointRetention retention) {
        List<TierView> tiers = new ArrayList<>();
        if (point.inSnapshotTier) {
            tiers.add(new TierView(Tier.Snapshot, retention == null ? null : retention.snapshotExpiresAt));
        }
        if (point.inVaultTier) {
            tiers.add(new TierView(Tier.Vault, retention == null ? null : retention.vaultExpiresAt));
        }
        return new RecoveryPointView(point.id, point.time, point.type, tiers, point.sizeBytes,
                point.snapshotResourceGroup,
                new BackupStats(point.bytesRead, point.bytesStored, point.chunks, point.chunksNew));
    }
}
