package io.backupcenter.contracts.backup;

/** What started a backup. */
public enum Trigger {
    /** The policy's schedule. */
    Scheduled,
    /** A person or program: "Back up now". */
    OnDemand
}
