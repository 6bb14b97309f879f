package io.backupcenter.worker;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the data path works on, shared by every backup and restore of this instance: a fixed pool for
 * hashing, sealing and opening (one thread per core unless {@code backup-center.worker.threads} says otherwise), and
 * a pool for storing packs while the next one fills.
 */
@ApplicationScoped
public class DataPathPools {

    private final int threads;
    private final ExecutorService segments;
    private final ExecutorService uploads;

    DataPathPools(@ConfigProperty(name = "backup-center.worker.threads", defaultValue = "0") int threads) {
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.segments = Executors.newFixedThreadPool(this.threads, daemon("datapath"));
        this.uploads = Executors.newCachedThreadPool(daemon("pack-upload"));
    }

    public int threads() {
        return threads;
    }

    public ExecutorService segments() {
        return segments;
    }

    public ExecutorService uploads() {
        return uploads;
    }

    @PreDestroy
    void stop() {
        segments.shutdownNow();
        uploads.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
