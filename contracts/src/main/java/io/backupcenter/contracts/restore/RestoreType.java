package io.backupcenter.contracts.restore;

/** What a restore makes of a recovery point. */
public enum RestoreType {
    /** Each disk written as an image file into a target directory. */
    RestoreDisks,
    /** The disks restored and a new VM registered on them. */
    AlternateLocation,
    /** The VM's own disks overwritten. */
    OriginalLocation
}
