package io.backupcenter.vault.protection;

/** How the item's latest backup ended. */
public enum LastBackupStatus {
    Completed,
    Failed
}
