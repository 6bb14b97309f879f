package io.backupcenter.job.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;


/** A job as the API and {@code job-events} show it. */
public record JobView(
        String id,
        Operation operation,
        JobStatus status,
        String entityName,
        String vaultId,
        String resourceGroup,
        String protectedItemId,
        Instant startTime,
        Instant endTime,
        long durationSeconds,
        int progressPercent,
        List<JobTask> tasks,
        @JsonInclude(JsonInclude.Include.NON_NULL) Progress progress,
        @JsonInclude(JsonInclude.Include.NON_NULL) Error error,
        String initiatedBy) {

    /**
     * Live figures of a running backup or restore: bytes done of the total, bytes stored, throughput since the start
     * and the time left at that pace.
     */
    public record Progress(long bytesDone, long bytesTotal, long bytesStored, long bytesPerSecond,
            Long estimatedSecondsLeft) {
    }

    /** Why the job failed, and what to do where that helps. */
    public record Error(String code, String message) {
    }

    public static JobView from(Job job, Clock clock) {
        Instant end = job.endTime() != null ? job.endTime() : clock.instant();
        long seconds = Math.max(0, Duration.between(job.startTime, end).toSeconds());
        Error error = job.errorCode() == null ? null : new Error(job.errorCode(), job.errorMessage());
        Progress progress = null;
        if (job.bytesTotal() > 0) {
            double elapsed = Math.max(0.001, Duration.between(job.startTime, end).toMillis() / 1000.0);
            long rate = (long) (job.bytesDone() / elapsed);
            Long left = job.status().isFinished() ? Long.valueOf(0)
                    : rate > 0 ? (job.bytesTotal() - job.bytesDone()) / rate : null;
            progress = new Progress(job.bytesDone(), job.bytesTotal(), job.bytesStored(), rate, left);
        }
        return new JobView(job.id, job.operation, job.status(), job.entityName, job.vaultId, job.resourceGroup,
                job.protectedItemId,
                job.startTime, job.endTime(), seconds, job.progressPercent(), job.tasks(), progress, error,
                job.initiatedBy);
    }
}
