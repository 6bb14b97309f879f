package io.backupcenter.policy.policy;

/** How often a policy's scheduled backups run. */
public enum Frequency {
    /** Every few hours inside a daily window (Enhanced policies only). */
    Hourly,
    /** Once a day at the scheduled time. */
    Daily,
    /** On the scheduled days of the week at the scheduled time. */
    Weekly
}
