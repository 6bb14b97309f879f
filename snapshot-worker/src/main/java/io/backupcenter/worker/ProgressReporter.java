package io.backupcenter.worker;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.kit.messaging.ConsumerProgress;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Clock;

/**
 * Sends {@code job-progress} for running jobs, keyed by job id so a job's reports stay in order. A report also tells
 * the health check that the consumer running the job moves, though its record stays unacknowledged until the job ends.
 */
@ApplicationScoped
public class ProgressReporter {

    private final Emitter<String> progress;
    private final ConsumerProgress consumers;
    private final Clock clock;

    ProgressReporter(@Channel("job-progress") Emitter<String> progress, ConsumerProgress consumers, Clock clock) {
        this.progress = progress;
        this.consumers = consumers;
        this.clock = clock;
    }

    /** Reports task {@code task} of job {@code jobId} as {@code status}. */
    public void report(String jobId, String itemId, String task, String status, long done, long total, long stored,
            int percent) {
        JobProgress event = JobProgress.of(clock, jobId, itemId, task, status, done, total, stored, percent);
        progress.send(Message.of(EventJson.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId).build()));
        consumers.advanced(JobProgress.RESTORE_DISKS.equals(task) ? "restore-requested" : "backup-requested");
    }

    /** At most one report a second. */
    public static final class Throttle {
        private long next;

        /** True when a report may go now. */
        public boolean due() {
            long now = System.nanoTime();
            if (now < next) {
                return false;
            }
            next = now + 1_000_000_000L;
            return true;
        }
    }
}
