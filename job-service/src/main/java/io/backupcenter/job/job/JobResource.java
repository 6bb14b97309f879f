package io.backupcenter.job.job;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Clock;
import java.util.List;

/** The Backup Jobs view. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /** A page of jobs and the cursor of the next page (null on the last). */
    public record JobPage(List<JobView> items, String nextCursor) {
    }

    private final JobRepository jobs;
    private final JobBook book;
    private final Clock clock;

    JobResource(JobRepository jobs, JobBook book, Clock clock) {
        this.jobs = jobs;
        this.book = book;
        this.clock = clock;
    }

    /** Jobs newest first, filtered; {@code from}/{@code to} bound the start time, inclusive. */
    @GET
    @WithSession
    public Uni<JobPage> list(@QueryParam("status") String status, @QueryParam("operation") String operation,
            @QueryParam("vaultId") String vaultId, @QueryParam("protectedItemId") String protectedItemId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        JobQuery query = JobQuery.of(status, operation, vaultId, protectedItemId, from, to, limit, cursor);
        return jobs.page(query).map(found -> {
            boolean more = found.size() > query.limit();
            List<Job> page = more ? found.subList(0, query.limit()) : found;
            return new JobPage(page.stream().map(job -> JobView.from(job, clock)).toList(),
                    more ? JobQuery.cursorAfter(page.get(page.size() - 1)) : null);
        });
    }

    /**
     * Cancels a running Backup or Restore job: 202 with the job, now {@code Cancelling}; it ends {@code Cancelled}
     * when the worker has stopped (or {@code Completed}, when it finished first). 409 for a job that has ended.
     */
    @POST
    @Path("{jobId}/cancel")
    @WithTransaction
    public Uni<RestResponse<JobView>> cancel(@RestPath String jobId) {
        return book.cancel(jobId, null)
                .map(job -> RestResponse.status(RestResponse.Status.ACCEPTED, JobView.from(job, clock)));
    }

    @GET
    @Path("{jobId}")
    @WithSession
    public Uni<JobView> get(@RestPath String jobId) {
        return jobs.findById(jobId)
                .onItem().ifNull().failWith(() -> new JobNotFound(jobId))
                .map(job -> JobView.from(job, clock));
    }
}
