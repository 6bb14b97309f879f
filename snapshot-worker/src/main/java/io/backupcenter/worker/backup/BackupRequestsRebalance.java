package io.backupcenter.worker.backup;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;

/**
 * When {@code backup-requested} partitions move to another worker, this one forgets the backups it queued from them
 * and has not started: the new owner receives those records again, so each backup runs on one worker.
 */
@ApplicationScoped
@Identifier("backup-requests-rebalance")
public class BackupRequestsRebalance implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(BackupRequestsRebalance.class);

    private final BackupQueue queue;

    BackupRequestsRebalance(BackupQueue queue) {
        this.queue = queue;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        int forgotten = queue.forget(partitions);
        if (forgotten > 0) {
            LOG.infof("partitions %s moved away: %d queued backup(s) left to their new owner", partitions, forgotten);
        }
    }
}
