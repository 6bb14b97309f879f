package io.backupcenter.job.job;

/** What a job does. */
public enum Operation {
    /** Enable backup for a VM. */
    ConfigureBackup,
    /** One backup, scheduled or on demand. */
    Backup,
    /** A restore from a recovery point. */
    Restore,
    /** Stop protection, keeping the data. */
    DisableBackup,
    /** Stop protection and delete the data (soft delete). */
    DeleteBackupData,
    /** Bring a soft-deleted item back. */
    Undelete,
    /** Read back every chunk of a vault's recovery points (scheduled); fails naming the damaged ones. */
    Verify
}
