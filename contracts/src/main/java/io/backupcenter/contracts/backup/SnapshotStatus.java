package io.backupcenter.contracts.backup;

/** How a backup ended. */
public enum SnapshotStatus {
    /** A recovery point exists in both tiers. */
    Succeeded,
    /** No recovery point; {@code error} says why. */
    Failed
}
