package io.backupcenter.worker.cancel;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.job.JobCancelRequested;
import io.backupcenter.contracts.job.JobCancellationEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Takes {@code job-cancellations} in one consumer group for every instance and records each request in the workers'
 * database, where the running job finds it. A malformed record goes to {@code job-cancellations-dlq}.
 */
@ApplicationScoped
public class CancellationsConsumer {

    private static final Logger LOG = Logger.getLogger(CancellationsConsumer.class);

    private final Cancellations cancellations;

    CancellationsConsumer(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @Incoming("job-cancellations")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        JobCancelRequested request;
        try {
            request = (JobCancelRequested) EventJson.read(message.getPayload(), JobCancellationEvent.class);
        } catch (MalformedEventException e) {
            LOG.warnf("a job-cancellations record goes to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        LOG.infof("job %s is to be cancelled", request.jobId());
        cancellations.record(request.jobId(), request.occurredAt());
        return message.ack();
    }
}
