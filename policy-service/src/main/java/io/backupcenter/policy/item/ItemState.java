package io.backupcenter.policy.item;

/** What a protected item's state means for its schedule. */
public enum ItemState {
    /** Backed up on its policy's schedule. */
    Active,
    /** Protection stopped: no scheduled backups, recovery points kept. */
    Stopped,
    /** Backup data soft-deleted: no scheduled backups. */
    SoftDeleted,
    /** Gone for good (kept as a tombstone). */
    Purged
}
