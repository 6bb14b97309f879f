package io.backupcenter.worker.backup;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Takes {@code backup-requested} in the workers' one consumer group: each instance gets a share of the partitions,
 * and runs up to {@code backup-center.worker.concurrent-backups} backups at once on its own worker pool (never on the
 * event loop). A record is acknowledged only when its backup has ended; if this instance dies first, the partition
 * moves to another instance, which runs the job again. A malformed record goes to {@code backup-requested-dlq}.
 */
@ApplicationScoped
public class BackupRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(BackupRequestsConsumer.class);

    private final BackupRunner runner;

    BackupRequestsConsumer(BackupRunner runner) {
        this.runner = runner;
    }

    @Incoming("backup-requested")
    @Blocking(value = "backups", ordered = false)
    public CompletionStage<Void> consume(Message<String> message) {
        BackupRequested request;
        try {
            request = (BackupRequested) EventJson.read(message.getPayload(), BackupRequestedEvent.class);
        } catch (MalformedEventException e) {
            String where = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset()).orElse("record");
            LOG.warnf("%s goes to the dead-letter topic: %s", where, e.getMessage());
            return message.nack(e);
        }
        runner.run(request);
        return message.ack();
    }
}
