package io.backupcenter.contracts.backup;

/** Why a recovery point's data goes. */
public enum ExpiryReason {
    /** Its tier's retention ended. */
    Retention,
    /** Its soft-deleted item reached the purge time. */
    SoftDeletePurge,
    /** Its item's backup data was deleted with soft delete off. */
    BackupDataDeleted,
    /** Its item no longer exists (a backup finished after the item was removed). */
    ItemDeleted
}
