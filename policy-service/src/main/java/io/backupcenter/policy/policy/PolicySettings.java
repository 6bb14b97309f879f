package io.backupcenter.policy.policy;

import io.backupcenter.contracts.backup.SnapshotGroupPattern;

/** A policy's settings after validation, defaults filled in ({@link PolicyRules}). */
public record PolicySettings(
        String name,
        PolicyType policyType,
        Schedule schedule,
        String timeZone,
        int instantRestoreRetentionDays,
        Retention retention,
        SnapshotGroupPattern snapshotResourceGroup) {
}
