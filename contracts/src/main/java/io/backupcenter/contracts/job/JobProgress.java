package io.backupcenter.contracts.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * How far a running job has got: the task under way ("Take Snapshot", "Transfer data to vault", "Restore disks") and
 * its status, bytes done of the total, bytes stored, percent of the whole job. Sent often and not through an outbox:
 * a lost one is made good by the next, and the job's end travels on its own event.
 */
@JsonTypeName("JobProgress")
public record JobProgress(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String jobId,
        String protectedItemId,
        String task,
        String taskStatus,
        long bytesDone,
        long bytesTotal,
        long bytesStored,
        int percent) implements JobProgressEvent {

    /** The task a backup spends its first moments in. */
    public static final String TAKE_SNAPSHOT = "Take Snapshot";
    /** The task a backup spends most of its time in. */
    public static final String TRANSFER = "Transfer data to vault";
    /** The task of a restore. */
    public static final String RESTORE_DISKS = "Restore disks";

    public JobProgress {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(jobId, "jobId");
        Require.field(task, "task");
        Require.field(taskStatus, "taskStatus");
    }

    /** A new event, now. */
    public static JobProgress of(Clock clock, String jobId, String protectedItemId, String task, String taskStatus,
            long bytesDone, long bytesTotal, long bytesStored, int percent) {
        return new JobProgress(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, jobId, protectedItemId, task,
                taskStatus, bytesDone, bytesTotal, bytesStored, percent);
    }

    @Override
    public String key() {
        return jobId;
    }
}
