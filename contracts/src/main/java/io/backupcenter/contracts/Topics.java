package io.backupcenter.contracts;

import java.util.List;

/** Kafka topic names and their partition counts: the one place that defines them. */
public final class Topics {

    /** A protected item is due for a backup (scheduled or on-demand); key = protected item id. */
    public static final String BACKUP_REQUESTED = "backup-requested";
    /** A backup finished, with its recovery point or its failure; key = protected item id. */
    public static final String SNAPSHOT_COMPLETED = "snapshot-completed";
    /** A recovery point (one tier or all) is past its retention; key = protected item id. */
    public static final String RP_EXPIRED = "rp-expired";
    /** VM lifecycle from provisioning systems (inbound, public); key = VM id. */
    public static final String VM_EVENTS = "vm-events";
    /** Every job change, for dashboards (outbound, public); key = job id. */
    public static final String JOB_EVENTS = "job-events";
    /** Vault lifecycle, from vault-service; key = vault id. */
    public static final String VAULT_EVENTS = "vault-events";
    /** Protected items' lifecycle, from vault-service; key = protected item id. */
    public static final String PROTECTION_EVENTS = "protection-events";
    /** Restores to run, from vault-service to the snapshot workers; key = protected item id. */
    public static final String RESTORE_REQUESTED = "restore-requested";
    /** Restores that ended, from the snapshot workers; key = protected item id. */
    public static final String RESTORE_COMPLETED = "restore-completed";
    /** Bytes each vault holds on storage, from the snapshot workers after garbage collection; key = vault id. */
    public static final String VAULT_USAGE = "vault-usage";
    /** How far running jobs have got, from the snapshot workers; key = job id. */
    public static final String JOB_PROGRESS = "job-progress";
    /** Requests to cancel running jobs, from job-service to the snapshot workers; key = job id. */
    public static final String JOB_CANCELLATIONS = "job-cancellations";
    /** Verify jobs of vaults' data (started, ended with the damaged points), from the snapshot workers; key = vault id. */
    public static final String VAULT_VERIFICATIONS = "vault-verifications";
    /** Recovery points' expiry dates, from policy-service; key = protected item id. */
    public static final String RETENTION_EVENTS = "retention-events";
    /** Whether policy-service schedules each protected item (or why not); key = protected item id. */
    public static final String SCHEDULE_EVENTS = "schedule-events";

    /** Suffix of the dead-letter topic that receives a topic's malformed records. */
    public static final String DEAD_LETTER_SUFFIX = "-dlq";

    /** A topic and the number of partitions it is created with. */
    public record TopicSpec(String name, int partitions) {
    }

    /**
     * Every topic the system uses, dead-letter topics included. {@code backup-requested} has the most partitions:
     * snapshot workers scale out by taking shares of them.
     */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(BACKUP_REQUESTED, 12),
            new TopicSpec(SNAPSHOT_COMPLETED, 6),
            new TopicSpec(RP_EXPIRED, 6),
            new TopicSpec(VM_EVENTS, 6),
            new TopicSpec(JOB_EVENTS, 6),
            new TopicSpec(VAULT_EVENTS, 3),
            new TopicSpec(PROTECTION_EVENTS, 6),
            new TopicSpec(RETENTION_EVENTS, 6),
            new TopicSpec(JOB_PROGRESS, 6),
            new TopicSpec(JOB_CANCELLATIONS, 6),
            new TopicSpec(deadLetter(JOB_CANCELLATIONS), 1),
            new TopicSpec(VAULT_USAGE, 3),
            new TopicSpec(deadLetter(VAULT_USAGE), 1),
            new TopicSpec(RESTORE_REQUESTED, 12),
            new TopicSpec(RESTORE_COMPLETED, 6),
            new TopicSpec(deadLetter(RESTORE_REQUESTED), 1),
            new TopicSpec(deadLetter(RESTORE_COMPLETED), 1),
            new TopicSpec(deadLetter(JOB_PROGRESS), 1),
            new TopicSpec(deadLetter(BACKUP_REQUESTED), 1),
            new TopicSpec(deadLetter(SNAPSHOT_COMPLETED), 1),
            new TopicSpec(deadLetter(RP_EXPIRED), 1),
            new TopicSpec(deadLetter(VM_EVENTS), 1),
            new TopicSpec(deadLetter(VAULT_EVENTS), 1),
            new TopicSpec(deadLetter(PROTECTION_EVENTS), 1),
            new TopicSpec(deadLetter(RETENTION_EVENTS), 1),
            new TopicSpec(VAULT_VERIFICATIONS, 3),
            new TopicSpec(deadLetter(VAULT_VERIFICATIONS), 1),
            new TopicSpec(SCHEDULE_EVENTS, 6),
            new TopicSpec(deadLetter(SCHEDULE_EVENTS), 1));

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
