package io.backupcenter.contracts.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/**
 * Someone asked to cancel a running job. The worker running it stops and leaves no recovery point; a worker that
 * receives the job later does not start it. Its end travels as usual, with the error code {@link #BACKUP_CANCELLED}
 * or {@link #RESTORE_CANCELLED}.
 */
@JsonTypeName("JobCancelRequested")
public record JobCancelRequested(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String operation,
        String requestedBy) implements JobCancellationEvent {

    /** The error code of a backup's result when its worker stopped on request. */
    public static final String BACKUP_CANCELLED = "BackupCancelled";
    /** The error code of a restore's result when its worker stopped on request. */
    public static final String RESTORE_CANCELLED = "RestoreCancelled";

    public JobCancelRequested {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(operation, "operation");
    }

    @Override
    public String key() {
        return jobId;
    }
}
