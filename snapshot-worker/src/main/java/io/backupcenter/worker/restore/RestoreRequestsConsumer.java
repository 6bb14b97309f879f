package io.backupcenter.worker.restore;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Takes {@code restore-requested} in the workers' consumer group, on a pool of its own so that restores are not queued
 * behind a wave of backups. Acknowledged when the restore has ended; a malformed record goes to the dead-letter topic.
 */
@ApplicationScoped
public class RestoreRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(RestoreRequestsConsumer.class);

    private final RestoreRunner runner;

    RestoreRequestsConsumer(RestoreRunner runner) {
        this.runner = runner;
    }

    @Incoming("restore-requested")
    @Blocking(value = "restores", ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        RestoreRequested request;
        try {
            request = (RestoreRequested) EventJson.read(message.getPayload(), RestoreRequestedEvent.class);
        } catch (MalformedEventException e) {
            LOG.warnf("a restore-requested record goes to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        runner.run(request);
        return message.ack();
    }
}
