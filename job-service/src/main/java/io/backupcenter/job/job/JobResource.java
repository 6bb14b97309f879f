package io.backupcenter.job.job;

import io.backupcenter.kit.security.Caller;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.kit.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The Backup Jobs view. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /** A page of jobs and the cursor of the next page (null on the last). */
    public record JobPage(List<JobView> items, String nextCursor) {
    }

    /** Back-off between looks for a job just accepted elsewhere: 50 ms, doubling to 250 ms, 10 looks (~2 s). */
    private static final Duration NEW_JOB_FIRST_WAIT = Duration.ofMillis(50);
    private static final Duration NEW_JOB_LONGEST_WAIT = Duration.ofMillis(250);
    private static final int NEW_JOB_TRIES = 10;

    private final JobRepository jobs;
    private final JobBook book;
    private final Clock clock;
    private final Caller caller;

    JobResource(JobRepository jobs, JobBook book, Clock clock, Caller caller) {
        this.jobs = jobs;
        this.book = book;
        this.clock = clock;
        this.caller = caller;
    }

    /** Jobs newest first, filtered; {@code from}/{@code to} bound the start time, inclusive. */
    @RolesAllowed(Roles.READER)
    @GET
    @WithSession
    public Uni<JobPage> list(@QueryParam("status") String status, @QueryParam("operation") String operation,
            @QueryParam("vaultId") String vaultId, @QueryParam("protectedItemId") String protectedItemId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        JobQuery query = JobQuery.of(status, operation, vaultId, protectedItemId, from, to, limit, cursor);
        return jobs.page(query, caller.scope()).map(found -> {
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
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{jobId}/cancel")
    @WithTransaction
    public Uni<RestResponse<JobView>> cancel(@RestPath String jobId) {
        return book.cancel(jobId, caller.name(), caller.scope())
                .map(job -> RestResponse.status(RestResponse.Status.ACCEPTED, JobView.from(job, clock)));
    }

    /**
     * The job. A job accepted a moment ago, whose first event job-service has not read yet, is waited for (about two
     * seconds at most, each try in a session of its own), so the {@code Location} of a 202 can be read at once; an id
     * that is no job id at all is a 404 at once.
     */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("{jobId}")
    public Uni<JobView> get(@RestPath String jobId) {
        // Retries resubscribe from Mutiny's timer threads: each look runs on this request's Vert.x context again.
        Context request = Vertx.currentContext();
        Uni<Job> find = Uni.createFrom().deferred(() -> Panache.withSession(() -> jobs.findById(jobId)))
                .runSubscriptionOn(look -> request.runOnContext(ignored -> look.run()))
                .onItem().ifNull().failWith(() -> new JobNotFound(jobId));
        if (isJobId(jobId)) {
            find = find.onFailure(JobNotFound.class).retry()
                    .withBackOff(NEW_JOB_FIRST_WAIT, NEW_JOB_LONGEST_WAIT).atMost(NEW_JOB_TRIES);
        }
        ResourceGroupScope scope = caller.scope();
        return find.map(job -> {
            if (!scope.allows(job.resourceGroup)) {
                throw new JobNotFound(jobId);
            }
            return JobView.from(job, clock);
        });
    }

    /** Job ids are UUIDs (random, or derived from the event that starts the job). */
    private static boolean isJobId(String id) {
        try {
            return UUID.fromString(id).toString().equals(id.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
