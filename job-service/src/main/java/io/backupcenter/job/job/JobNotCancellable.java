package io.backupcenter.job.job;

import io.backupcenter.kit.problem.ApiException;

/** A cancel that cannot be: the job has ended, or it is of a kind that runs to its end. */
public class JobNotCancellable extends ApiException.Conflict {

    private JobNotCancellable(String slug, String detail) {
        super(slug, detail);
    }

    static JobNotCancellable finished(String jobId, JobStatus status) {
        return new JobNotCancellable("job-finished", "Job '" + jobId + "' has already ended (" + status
                + "); only a running job can be cancelled.");
    }

    static JobNotCancellable ofKind(String jobId, Operation operation) {
        return new JobNotCancellable("job-not-cancellable", "Job '" + jobId + "' is a " + operation
                + " job, which runs to its end; only Backup and Restore jobs can be cancelled.");
    }
}
