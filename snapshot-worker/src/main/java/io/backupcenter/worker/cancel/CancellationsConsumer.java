package io.backupcenter.worker.cancel;

import io.backupcenter.contracts.job.JobCancelRequested;
import io.backupcenter.contracts.job.JobCancellationEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.backupcenter.kit.messaging.Rejections;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.quarkus.runtime.Startup;
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
@Startup
public class CancellationsConsumer {

    private static final Logger LOG = Logger.getLogger(CancellationsConsumer.class);

    private final InboundChannel<JobCancellationEvent> requests;

    CancellationsConsumer(InboundEvents inbound, Cancellations cancellations) {
        this.requests = inbound.blockingChannel("job-cancellations", JobCancellationEvent.class, event -> {
            JobCancelRequested request = (JobCancelRequested) event;
            LOG.infof("job %s is to be cancelled", request.jobId());
            cancellations.record(request.jobId(), request.occurredAt());
        }, Rejections.none());
    }

    @Incoming("job-cancellations")
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return requests.handleBlocking(message);
    }
}
