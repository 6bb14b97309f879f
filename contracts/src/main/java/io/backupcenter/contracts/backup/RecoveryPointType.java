package io.backupcenter.contracts.backup;

/** How consistent a recovery point's disks are with each other and with the applications on them. */
public enum RecoveryPointType {
    /** The VM's pre/post hooks quiesced its applications around the snapshot. */
    AppConsistent,
    /** The hooks failed: file systems are consistent, applications may not be. */
    FileSystemConsistent,
    /** As after a power loss: a stopped VM, or one without hooks. */
    CrashConsistent
}
