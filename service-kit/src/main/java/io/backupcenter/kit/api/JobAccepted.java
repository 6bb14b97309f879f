package io.backupcenter.kit.api;

import org.jboss.resteasy.reactive.RestResponse;

/** The answer to an operation that runs as a job: 202 {@code {"jobId"}} with {@code Location: /api/v1/jobs/{jobId}}. */
public record JobAccepted(String jobId) {

    /** The 202 answer for job {@code jobId}. */
    public static RestResponse<JobAccepted> response(String jobId) {
        return Responses.accepted("/api/v1/jobs/" + jobId, new JobAccepted(jobId));
    }
}
