package io.backupcenter.worker.run;

/** The run's lease is lost: another attempt holds the run, or the watchdog ended it. The run stops, publishing nothing. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(Lease lease) {
        super(lease + " lost its lease: another attempt holds the run, or it was ended for making no progress",
                null, false, false);
    }
}
