package io.backupcenter.policy.item;

import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.persistence.JsonColumn;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** policy-service's copy of a protected item: its policy, its VM and when its next scheduled backup runs. */
@Entity
@Table(name = "protected_item")
public class ProtectedItem extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "vault_id", nullable = false)
    public String vaultId;

    @Column(name = "policy_id", nullable = false)
    public String policyId;

    @Column(nullable = false)
    public String region;

    @Convert(converter = VmColumn.class)
    @Column(nullable = false)
    public VmSpec vm;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ItemState state;

    /** The next scheduled run; null while the item is not active. */
    @Column(name = "next_run_at")
    public Instant nextRunAt;

    /**
     * The scheduled time of the earliest run the scheduler fired that has no result yet; null when every fired run
     * has one. With {@link #nextRunAt}, what tells an overdue item.
     */
    @Column(name = "awaiting_result_since")
    public Instant awaitingResultSince;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Optimistic locking: of two transactions changing this row at once, the later one fails and is retried. */
    @Version
    long version;

    /** The VM as JSON. */
    @Converter
    static class VmColumn extends JsonColumn<VmSpec> {
        VmColumn() {
            super(VmSpec.class);
        }
    }
}
