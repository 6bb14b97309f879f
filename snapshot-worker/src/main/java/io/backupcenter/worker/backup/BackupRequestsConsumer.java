package io.backupcenter.worker.backup;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.kit.messaging.InboundChannel;
import io.backupcenter.kit.messaging.InboundEvents;
import io.backupcenter.kit.messaging.Rejections;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Takes {@code backup-requested} in the workers' one consumer group: each instance gets a share of the partitions and
 * hands each request to its {@link BackupQueue}, which runs "Back up now" first and the vaults in turn. A record is
 * acknowledged only when its backup has ended; if this instance dies first, the partition moves to another instance,
 * which runs the job again (a job that ended is not run twice). A malformed record goes to
 * {@code backup-requested-dlq}; a backup that ends abnormally still ends its job (failed, with the reason), and only
 * when even that cannot be recorded does its record go to the dead-letter topic.
 */
@ApplicationScoped
@Startup
public class BackupRequestsConsumer {

    private final InboundChannel<BackupRequestedEvent> requests;
    private final BackupRunner runner;
    private final BackupQueue queue;

    BackupRequestsConsumer(InboundEvents inbound, BackupRunner runner, BackupQueue queue) {
        this.runner = runner;
        this.queue = queue;
        this.requests = inbound.blockingChannel("backup-requested", BackupRequestedEvent.class,
                event -> runner.run((BackupRequested) event), Rejections.none());
    }

    @Incoming("backup-requested")
    public CompletionStage<Void> consume(Message<String> message) {
        TopicPartition origin = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new TopicPartition(m.getTopic(), m.getPartition())).orElse(null);
        return requests.handleDeferred(message, (event, settlement) -> {
            BackupRequested request = (BackupRequested) event;
            return queue.submit(new BackupQueue.Entry(request, origin, () -> {
                try {
                    runner.run(request);
                } catch (RuntimeException | Error e) {
                    // The run could not even publish its end: try once more to end the job failed, with the reason.
                    try {
                        runner.failUnrun(request, e);
                    } catch (RuntimeException | Error again) {
                        settlement.failed(e);
                        throw e;
                    }
                }
                settlement.done();
            }));
        });
    }
}
