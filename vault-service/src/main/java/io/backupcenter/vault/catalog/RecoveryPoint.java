package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.Tier;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A recovery point of a protected item, in the snapshot tier, the vault tier or both. */
@Entity
@Table(name = "recovery_point")
public class RecoveryPoint extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "protected_item_id", nullable = false)
    public String protectedItemId;

    @Column(name = "vault_id", nullable = false)
    public String vaultId;

    @Column(name = "job_id", nullable = false)
    public String jobId;

    @Column(nullable = false)
    public Instant time;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RecoveryPointType type;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "snapshot_resource_group")
    public String snapshotResourceGroup;

    @Column(name = "bytes_read", nullable = false)
    public long bytesRead;

    @Column(name = "bytes_stored", nullable = false)
    public long bytesStored;

    @Column(nullable = false)
    public long chunks;

    @Column(name = "chunks_new", nullable = false)
    public long chunksNew;

    @Column(name = "in_snapshot_tier", nullable = false)
    public boolean inSnapshotTier;

    @Column(name = "in_vault_tier", nullable = false)
    public boolean inVaultTier;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Scheduled or OnDemand, as the backup reported it (null for points recorded before it was kept). */
    @Column(name = "trigger")
    public String trigger;

    /** The scheduled run that made the point, if the schedule did. */
    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    /** How long "Back up now" asked the point to be kept, if it did. */
    @Column(name = "retain_until")
    public Instant retainUntil;

    /** The catalog entry of the point {@code result} reported, in both tiers. */
    public static RecoveryPoint of(String protectedItemId, String vaultId, SnapshotCompleted result, Instant now) {
        RecoveryPoint point = of(protectedItemId, vaultId, result.jobId(), result.recoveryPoint(), now);
        point.trigger = result.trigger() == null ? null : result.trigger().name();
        point.scheduledFor = result.scheduledFor();
        point.retainUntil = result.retainUntil();
        return point;
    }

    /** The catalog entry of a point a backup reported, in both tiers. */
    public static RecoveryPoint of(String protectedItemId, String vaultId, String jobId, RecoveryPointInfo info,
            Instant now) {
        RecoveryPoint point = new RecoveryPoint();
        point.id = info.id();
        point.protectedItemId = protectedItemId;
        point.vaultId = vaultId;
        point.jobId = jobId;
        point.time = info.time();
        point.type = info.type();
        point.sizeBytes = info.sizeBytes();
        point.snapshotResourceGroup = info.snapshotResourceGroup();
        BackupStats stats = info.stats() == null ? new BackupStats(0, 0, 0, 0) : info.stats();
        point.bytesRead = stats.bytesRead();
        point.bytesStored = stats.bytesStored();
        point.chunks = stats.chunks();
        point.chunksNew = stats.chunksNew();
        point.inSnapshotTier = true;
        point.inVaultTier = true;
        point.createdAt = now;
        return point;
    }

    /** Drops {@code tier}'s copy; true when no tier holds the point any more. */
    public boolean leave(Tier tier) {
        if (tier == Tier.Snapshot || tier == Tier.All) {
            inSnapshotTier = false;
        }
        if (tier == Tier.Vault || tier == Tier.All) {
            inVaultTier = false;
        }
        return !inSnapshotTier && !inVaultTier;
    }
}
