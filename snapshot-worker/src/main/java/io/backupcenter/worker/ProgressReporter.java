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
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Sends {@code job-progress} for running jobs, keyed by job id so a job's reports stay in order. A report also tells
 * the health check that the consumer running the job moves, though its record stays unacknowledged until the job ends.
 */
@ApplicationScoped
public class ProgressReporter {

    private static final Logger LOG = Logger.getLogger(ProgressReporter.class);

    private final Emitter<String> progress;
    private final ConsumerProgress consumers;
    private final Clock clock;
    private volatile long lastWarned = System.nanoTime() - 60_000_000_000L;

    ProgressReporter(@Channel("job-progress") Emitter<String> progress, ConsumerProgress consumers, Clock clock) {
        this.progress = progress;
        this.consumers = consumers;
        this.clock = clock;
    }

    /** Reports task {@code task} of job {@code jobId} as {@code status}. */
    public void report(String jobId, String itemId, String task, String status, long done, long total, long stored,
            int percent) {
        consumers.advanced(JobProgress.RESTORE_DISKS.equals(task) ? "restore-requested" : "backup-requested");
        JobProgress event = JobProgress.of(clock, jobId, itemId, task, status, done, total, stored, percent);
        // Progress is advisory: a report that cannot be sent (the broker away, the emitter's buffer full) is logged
        // and dropped, never a reason for the backup or restore itself to fail. The job's end goes through the outbox.
        try {
            progress.send(Message.of(EventJson.write(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId).build())
                    .withNack(failure -> {
                        unsent(jobId, failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException failure) {
            unsent(jobId, failure);
        }
    }

    private void unsent(String jobId, Throwable failure) {
        long now = System.nanoTime();
        if (now - lastWarned > 30_000_000_000L) {
            lastWarned = now;
            LOG.warnf("a progress report of job %s was not sent (%s); later ones will be tried", jobId,
                    failure.getMessage());
        }
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
