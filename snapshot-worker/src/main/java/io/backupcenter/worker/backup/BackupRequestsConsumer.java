package io.backupcenter.worker.backup;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.MalformedEventException;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Takes {@code backup-requested} in the workers' one consumer group: each instance gets a share of the partitions and
 * hands each request to its {@link BackupQueue}, which runs "Back up now" first and the vaults in turn. A record is
 * acknowledged only when its backup has ended; if this instance dies first, the partition moves to another instance,
 * which runs the job again (a job that ended is not run twice). A malformed record goes to
 * {@code backup-requested-dlq}, as does one whose backup ended abnormally.
 */
@ApplicationScoped
public class BackupRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(BackupRequestsConsumer.class);

    private final BackupRunner runner;
    private final BackupQueue queue;

    BackupRequestsConsumer(BackupRunner runner, BackupQueue queue) {
        this.runner = runner;
        this.queue = queue;
    }

    @Incoming("backup-requested")
    public CompletionStage<Void> consume(Message<String> message) {
        Optional<IncomingKafkaRecordMetadata> record = message.getMetadata(IncomingKafkaRecordMetadata.class);
        BackupRequested request;
        try {
            request = (BackupRequested) EventJson.read(message.getPayload(), BackupRequestedEvent.class);
        } catch (MalformedEventException e) {
            String where = record.map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
                    .orElse("record");
            LOG.warnf("%s goes to the dead-letter topic: %s", where, e.getMessage());
            return message.nack(e);
        }
        TopicPartition origin = record.map(m -> new TopicPartition(m.getTopic(), m.getPartition())).orElse(null);
        return queue.submit(new BackupQueue.Entry(request, origin, () -> {
            try {
                runner.run(request);
            } catch (RuntimeException e) {
                message.nack(e);
                throw e;
            }
            message.ack();
        }));
    }
}
