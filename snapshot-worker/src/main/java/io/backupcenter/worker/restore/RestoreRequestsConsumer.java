package io.backupcenter.worker.restore;

import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.backupcenter.kit.messaging.Rejections;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Takes {@code restore-requested} in the workers' consumer group, on a pool of its own so that restores are not queued
 * behind a wave of backups. Acknowledged when the restore has ended; a malformed record goes to the dead-letter topic.
 */
@ApplicationScoped
@Startup
public class RestoreRequestsConsumer {

    private final InboundChannel<RestoreRequestedEvent> requests;

    RestoreRequestsConsumer(InboundEvents inbound, RestoreRunner runner) {
        this.requests = inbound.blockingChannel("restore-requested", RestoreRequestedEvent.class,
                event -> runner.run((RestoreRequested) event), Rejections.none());
    }

    @Incoming("restore-requested")
    @Blocking(value = "restores", ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        return requests.handleBlocking(message);
    }
}
