package io.backupcenter.worker.backup;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.Trigger;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The backups this worker has taken from {@code backup-requested} and the threads that run them, in the order of a
 * {@link FairBacklog}: "Back up now" first, vaults in turn. {@code backup-center.worker.concurrent-backups} threads
 * run any backup; {@code backup-center.worker.on-demand-backups} more run only on-demand ones, so a "Back up now"
 * starts at once even while every other thread is busy with a long scheduled wave. The queue holds up to
 * {@code backup-center.worker.queued-backups} backups not yet started; beyond that, {@link #submit} answers only once
 * there is room, which stops the Kafka consumer from fetching more. Nothing here is acknowledged: the caller's
 * {@code work} acknowledges its record when the backup ends, so a worker that dies loses nothing — its records are
 * delivered again to the next owner of their partitions.
 */
@ApplicationScoped
public class BackupQueue {

    private static final Logger LOG = Logger.getLogger(BackupQueue.class);

    /** A backup to run, with the partition its record came from (null when it did not come from Kafka). */
    public record Entry(BackupRequested request, TopicPartition origin, Runnable work) {
    }

    private record Admission(Entry entry, CompletableFuture<Void> admitted) {
    }

    private final int anyThreads;
    private final int onDemandThreads;
    private final int capacity;
    private final FairBacklog<Entry> backlog = new FairBacklog<>();
    private final Deque<Admission> waiting = new ArrayDeque<>();
    private boolean stopped;

    BackupQueue(@ConfigProperty(name = "backup-center.worker.concurrent-backups", defaultValue = "2") int anyThreads,
            @ConfigProperty(name = "backup-center.worker.on-demand-backups", defaultValue = "1") int onDemandThreads,
            @ConfigProperty(name = "backup-center.worker.queued-backups", defaultValue = "10000") int capacity) {
        this.anyThreads = Math.max(1, anyThreads);
        this.onDemandThreads = Math.max(0, onDemandThreads);
        this.capacity = Math.max(1, capacity);
    }

    @PostConstruct
    void start() {
        for (int i = 1; i <= anyThreads; i++) {
            launch("backup-" + i, false);
        }
        for (int i = 1; i <= onDemandThreads; i++) {
            launch("backup-now-" + i, true);
        }
    }

    private void launch(String name, boolean onDemandOnly) {
        Thread thread = new Thread(() -> serve(onDemandOnly), name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops starting backups. Running ones are not interrupted (that would fail their jobs): they end with the JVM,
     * unacknowledged, and the next owner of their partitions runs them again, as after a crash.
     */
    @PreDestroy
    void stop() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
    }

    /** Queues a backup; the answer completes once it is queued (at once, unless the queue is full). */
    public CompletionStage<Void> submit(Entry entry) {
        synchronized (this) {
            if (backlog.size() < capacity) {
                add(entry);
                return CompletableFuture.completedFuture(null);
            }
            Admission admission = new Admission(entry, new CompletableFuture<>());
            waiting.addLast(admission);
            return admission.admitted();
        }
    }

    /**
     * Forgets the queued backups whose records came from {@code partitions}, which this worker no longer owns: their
     * new owner receives them again and runs them. Backups already running go on to their end.
     */
    public int forget(Collection<TopicPartition> partitions) {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        int forgotten;
        synchronized (this) {
            forgotten = backlog.removeIf(entry -> partitions.contains(entry.origin()));
            for (var iterator = waiting.iterator(); iterator.hasNext(); ) {
                Admission admission = iterator.next();
                if (partitions.contains(admission.entry().origin())) {
                    iterator.remove();
                    released.add(admission.admitted());
                    forgotten++;
                }
            }
        }
        released.forEach(future -> future.complete(null));
        return forgotten;
    }

    /** Backups queued and not started: {@code [all, on-demand]}. */
    public synchronized int[] queued() {
        return new int[] {backlog.size() + waiting.size(), backlog.onDemandSize()};
    }

    private void add(Entry entry) {
        backlog.add(entry, entry.request().vaultId(), entry.request().trigger() == Trigger.OnDemand);
        notifyAll();
    }

    private void serve(boolean onDemandOnly) {
        while (true) {
            Entry next;
            List<CompletableFuture<Void>> admitted = new ArrayList<>();
            synchronized (this) {
                next = stopped ? null : onDemandOnly ? backlog.pollOnDemand() : backlog.pollAny();
                while (next == null && !stopped) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                    next = stopped ? null : onDemandOnly ? backlog.pollOnDemand() : backlog.pollAny();
                }
                if (next == null) {
                    return;
                }
                while (backlog.size() < capacity && !waiting.isEmpty()) {
                    Admission admission = waiting.pollFirst();
                    add(admission.entry());
                    admitted.add(admission.admitted());
                }
            }
            // Outside the lock: completing lets the consumer hand over its next record on this thread.
            admitted.forEach(future -> future.complete(null));
            try {
                next.work().run();
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "backup job %s ended abnormally", next.request().jobId());
            }
        }
    }
}
