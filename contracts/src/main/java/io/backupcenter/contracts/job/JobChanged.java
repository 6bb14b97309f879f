package io.backupcenter.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job changed: the job as {@code GET /api/v1/jobs/{jobId}} shows it after the change, plus the event's own fields.
 * One per change, in order per job. Fields without a value are written as null, as the API writes them.
 * {@code resourceGroup} is the vault's (null until job-service knows the vault): dashboards and the gateway's stream
 * show a job only to those whose resource groups hold it.
 */
@JsonTypeName("JobChanged")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobChanged(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String id,
        String operation,
        String status,
        String entityName,
        String vaultId,
        String resourceGroup,
        String protectedItemId,
        Instant startTime,
        Instant endTime,
        long durationSeconds,
        int progressPercent,
        List<Task> tasks,
        @JsonInclude(JsonInclude.Include.NON_NULL) Progress progress,
        @JsonInclude(JsonInclude.Include.NON_NULL) Error error,
        String initiatedBy) implements JobEvent {

    /** A step of the job and where it stands. */
    public record Task(String name, String status) {
    }

    /** Live figures of a running backup or restore. */
    public record Progress(long bytesDone, long bytesTotal, long bytesStored, long bytesPerSecond,
            Long estimatedSecondsLeft) {
    }

    /** Why the job failed. */
    public record Error(String code, String message) {
    }

    public JobChanged {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(id, "id");
        Require.field(operation, "operation");
        Require.field(status, "status");
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    @Override
    public String key() {
        return id;
    }
}
