package io.backupcenter.worker.run;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This worker's hold on one run (of a backup or a restore): its fencing token, renewed by {@link RunLeases} while the
 * run lives. Once lost — taken over after it expired, or ended by the watchdog — it stays lost, and the run must stop without publishing anything or deleting any file but its own
 * attempt's. Thread-safe.
 */
public final class Lease implements AutoCloseable {

    private final RunKind kind;
    private final String jobId;
    private final long token;
    private final RunLeases leases;
    private volatile boolean lost;
    private volatile boolean waiting;
    private volatile long renewedAt = System.nanoTime();
    private final AtomicLong progress = new AtomicLong();
    private volatile LongSupplier probe = () -> 0;
    private long lastProbed = -1;
    private long lastProgress;

    Lease(RunKind kind, String jobId, long token, RunLeases leases) {
        this.kind = kind;
        this.jobId = jobId;
        this.token = token;
        this.leases = leases;
    }

    public RunKind kind() {
        return kind;
    }

    public String jobId() {
        return jobId;
    }

    /** The fencing token: higher than every earlier attempt's at this run. */
    public long token() {
        return token;
    }

    /** True once the lease is lost; the run must stop. */
    public boolean lost() {
        return lost;
    }

    /** Throws {@link LeaseLostException} when the lease is lost. */
    public void check() {
        if (lost) {
            throw new LeaseLostException(this);
        }
    }

    /** The run moved on (a progress report, a step begun): the watchdog sees it at the next renewal. */
    public void progressed() {
        progress.incrementAndGet();
    }

    /**
     * The run waits for something that moves elsewhere (the vault's lock, held by garbage collection): it counts as
     * moving meanwhile. Pair with {@link #doneWaiting()}.
     */
    public void waiting() {
        waiting = true;
    }

    public void doneWaiting() {
        waiting = false;
        progressed();
    }

    /** A measure of work done that grows while the run moves (e.g. bytes of a snapshot copy being written). */
    public void watch(LongSupplier workDone) {
        this.probe = workDone;
    }

    /** Whether the run moved since the last call (called by the renewer only). */
    boolean movedSinceLastAsked() {
        long reported = progress.get();
        long probed;
        try {
            probed = probe.getAsLong();
        } catch (RuntimeException e) {
            probed = lastProbed;
        }
        boolean moved = waiting || reported != lastProgress || probed != lastProbed;
        lastProgress = reported;
        lastProbed = probed;
        return moved;
    }

    void renewed() {
        renewedAt = System.nanoTime();
    }

    long nanosSinceRenewed() {
        return System.nanoTime() - renewedAt;
    }

    void markLost() {
        lost = true;
    }

    /** Stops renewing; the run has ended (its end recorded, or given up). */
    @Override
    public void close() {
        leases.release(this);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " run of job " + jobId + " (attempt " + token + ")";
    }
}
