package io.backupcenter.policy.policy;

import io.backupcenter.contracts.backup.SnapshotGroupPattern;

import java.time.Instant;

/** A policy as the API shows it. */
public record PolicyView(
        String id,
        String vaultId,
        String name,
        PolicyType policyType,
        Schedule schedule,
        String timeZone,
        int instantRestoreRetentionDays,
        Retention retention,
        SnapshotGroupPattern snapshotResourceGroup,
        Instant createdAt,
        Instant updatedAt) {

    public static PolicyView from(Policy policy) {
        return new PolicyView(policy.id, policy.vaultId, policy.name, policy.policyType, policy.schedule,
                policy.timeZone, policy.instantRestoreRetentionDays, policy.retention, policy.snapshotResourceGroup(),
                policy.createdAt, policy.updatedAt);
    }
}
