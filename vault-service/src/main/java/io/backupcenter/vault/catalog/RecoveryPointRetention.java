package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.retention.RetentionAssigned;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** When each tier of a recovery point expires, as its policy last said. */
@Entity
@Table(name = "recovery_point_retention")
public class RecoveryPointRetention extends PanacheEntityBase {

    @Id
    @Column(name = "recovery_point_id")
    public String recoveryPointId;

    @Column(name = "snapshot_expires_at", nullable = false)
    public Instant snapshotExpiresAt;

    @Column(name = "vault_expires_at", nullable = false)
    public Instant vaultExpiresAt;

    @Column(name = "assigned_at", nullable = false)
    public Instant assignedAt;

    /** Takes the dates of {@code assigned}. */
    void take(RetentionAssigned assigned) {
        snapshotExpiresAt = assigned.snapshotExpiresAt();
        vaultExpiresAt = assigned.vaultExpiresAt();
        assignedAt = assigned.occurredAt();
    }
}
