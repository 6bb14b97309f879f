package io.backupcenter.policy.policy;

/** The two kinds of VM backup policy. */
public enum PolicyType {
    /** Daily or weekly backups, instant restore kept 1–5 days. */
    Standard,
    /** Also several backups a day, instant restore kept up to 30 days. */
    Enhanced
}
