package io.backupcenter.policy.policy;

import io.backupcenter.contracts.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.backupcenter.contracts.backup.SnapshotGroupPattern;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** A backup policy of one vault: when its items are backed up and how long their recovery points are kept. */
@Entity
@Table(name = "policy")
public class Policy extends PanacheEntityBase {

    /** The name of the policy every vault starts with. */
    public static final String DEFAULT_NAME = "DefaultPolicy";

    @Id
    public String id;

    @Column(name = "vault_id", nullable = false)
    public String vaultId;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "policy_type", nullable = false)
    public PolicyType policyType;

    @Convert(converter = PolicyColumns.ScheduleColumn.class)
    @Column(nullable = false)
    public Schedule schedule;

    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    @Column(name = "instant_restore_retention_days", nullable = false)
    public int instantRestoreRetentionDays;

    @Convert(converter = PolicyColumns.RetentionColumn.class)
    @Column(nullable = false)
    public Retention retention;

    @Column(name = "snapshot_rg_prefix")
    public String snapshotRgPrefix;

    @Column(name = "snapshot_rg_suffix")
    public String snapshotRgSuffix;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The policy a new vault gets (as in Azure): Standard, daily at 22:30 UTC, instant restore 2 days, dailies kept 30
     * days, snapshots in the default resource group. Its id is derived from the vault's ({@link Ids}).
     */
    public static Policy defaultFor(String vaultId, Instant now) {
        Policy policy = new Policy();
        policy.id = Ids.defaultPolicyId(vaultId);
        policy.vaultId = vaultId;
        policy.name = DEFAULT_NAME;
        policy.policyType = PolicyType.Standard;
        policy.schedule = Schedule.daily("22:30");
        policy.timeZone = "UTC";
        policy.instantRestoreRetentionDays = 2;
        policy.retention = Retention.dailyFor(30);
        policy.createdAt = now;
        policy.updatedAt = now;
        return policy;
    }

    /** The custom snapshot resource group pattern, or null for the default {@code AzureBackupRG_<region>_<n>}. */
    public SnapshotGroupPattern snapshotResourceGroup() {
        return snapshotRgPrefix == null ? null : new SnapshotGroupPattern(snapshotRgPrefix,
                snapshotRgSuffix == null ? "" : snapshotRgSuffix);
    }

    /** The policy's time zone. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** What retention needs of this policy. */
    public RetentionRules rules() {
        return new RetentionRules(schedule, zone(), instantRestoreRetentionDays, retention);
    }

    /** A new policy of the vault with these (validated) settings. */
    public static Policy create(String vaultId, PolicySettings settings, Instant now) {
        Policy policy = new Policy();
        policy.id = UUID.randomUUID().toString();
        policy.vaultId = vaultId;
        policy.createdAt = now;
        policy.apply(settings, now);
        return policy;
    }

    /** Takes every setting of {@code settings}. */
    public void apply(PolicySettings settings, Instant now) {
        name = settings.name();
        policyType = settings.policyType();
        schedule = settings.schedule();
        timeZone = settings.timeZone();
        instantRestoreRetentionDays = settings.instantRestoreRetentionDays();
        retention = settings.retention();
        snapshotRgPrefix = settings.snapshotResourceGroup() == null ? null : settings.snapshotResourceGroup().prefix();
        snapshotRgSuffix = settings.snapshotResourceGroup() == null ? null : settings.snapshotResourceGroup().suffix();
        updatedAt = now;
    }
}
