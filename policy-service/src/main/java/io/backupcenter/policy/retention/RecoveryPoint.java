package io.backupcenter.policy.retention;

import io.backupcenter.contracts.backup.Trigger;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A recovery point as retention tracks it: what decides its expiry, and which tiers have expired. */
@Entity
@Table(name = "recovery_point")
public class RecoveryPoint extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "protected_item_id", nullable = false)
    public String protectedItemId;

    @Column(name = "vault_id", nullable = false)
    public String vaultId;

    @Column(nullable = false)
    public Instant time;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Trigger trigger;

    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "retain_until")
    public Instant retainUntil;

    @Column(name = "snapshot_expires_at", nullable = false)
    public Instant snapshotExpiresAt;

    @Column(name = "vault_expires_at", nullable = false)
    public Instant vaultExpiresAt;

    @Column(name = "snapshot_expired", nullable = false)
    public boolean snapshotExpired;

    @Column(name = "vault_expired", nullable = false)
    public boolean vaultExpired;

    /** The vault tier is due, but the point is its protected item's latest: kept until a newer one exists. */
    @Column(name = "vault_kept", nullable = false)
    public boolean vaultKept;

    /** The facts retention decides on. */
    public RetentionCalculator.PointFacts facts() {
        return new RetentionCalculator.PointFacts(time, trigger, scheduledFor, retainUntil);
    }

    /** Takes new expiry dates; true when they differ from the ones held. */
    public boolean assign(RetentionCalculator.Expiry expiry) {
        boolean changed = !expiry.snapshotExpiresAt().equals(snapshotExpiresAt)
                || !expiry.vaultExpiresAt().equals(vaultExpiresAt);
        snapshotExpiresAt = expiry.snapshotExpiresAt();
        vaultExpiresAt = expiry.vaultExpiresAt();
        return changed;
    }
}
