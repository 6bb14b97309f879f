package io.backupcenter.vault.protection;

/** Where a protected item stands. */
public enum ProtectionState {
    /** Protected, but no backup has succeeded yet ("Initial backup pending"). */
    IRPending,
    /** Backed up on its policy's schedule. */
    Protected,
    /** Protected, but its backups fail. */
    ProtectionError,
    /** No more backups; its recovery points are kept. */
    ProtectionStopped,
    /** Its backup data is deleted but kept until {@code purgeAt}, when it goes for good. */
    SoftDeleted;

    /** True while backups run (scheduled or on demand). */
    public boolean isActive() {
        return this == IRPending || this == Protected || this == ProtectionError;
    }
}
