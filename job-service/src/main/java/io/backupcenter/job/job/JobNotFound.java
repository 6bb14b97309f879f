package io.backupcenter.job.job;

import io.backupcenter.kit.problem.ApiException;

/** No job has this id. */
public class JobNotFound extends ApiException.NotFound {

    public JobNotFound(String jobId) {
        super("Job '" + jobId + "' does not exist.");
    }
}
