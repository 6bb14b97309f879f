package io.backupcenter.policy.policy;

import io.backupcenter.contracts.backup.SnapshotGroupPattern;

/** The body of {@code POST} and {@code PUT} on a vault's policies; {@link PolicyRules} checks every field. */
public record PolicyRequest(
        String name,
        PolicyType policyType,
        Schedule schedule,
        String timeZone,
        Integer instantRestoreRetentionDays,
        Retention retention,
        SnapshotGroupPattern snapshotResourceGroup) {
}
