package io.backupcenter.job.job;

/** Where a job stands. */
public enum JobStatus {
    /** Running. */
    InProgress,
    /** Done. */
    Completed,
    /** Done, with a degraded result the warning explains. */
    CompletedWithWarnings,
    /** Ended without doing its work; {@code error} says why. */
    Failed,
    /** A cancel was asked for and the work is stopping. */
    Cancelling,
    /** Stopped on request; nothing of it was kept. */
    Cancelled;

    /** True once the job has ended. */
    public boolean isFinished() {
        return this == Completed || this == CompletedWithWarnings || this == Failed || this == Cancelled;
    }
}
