package io.backupcenter.gateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupcenter.gateway.security.ApiAuthentication;
import io.backupcenter.kit.problem.ProblemMapper;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * {@code GET /api/v1/jobs/stream}: every job change from {@code job-events} as Server-Sent Events ({@code data:
 * <job JSON>}, the body of {@code GET /api/v1/jobs/{id}}). Each gateway instance reads the topic in a consumer group
 * of its own from its end, so a client gets what happens from the moment it connects. A client that does not keep up
 * is disconnected (it can connect again) rather than slowing the others or the gateway down. A client whose token is
 * limited to resource groups gets only the jobs of vaults in them.
 */
@ApplicationScoped
public class JobStream {

    private static final Logger LOG = Logger.getLogger(JobStream.class);
    private static final List<String> EVENT_FIELDS = List.of("type", "eventId", "occurredAt", "schemaVersion");

    private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();
    private final ObjectMapper json;
    private final Vertx vertx;
    private final ApiAuthentication authentication;
    private final int clientBuffer;
    private final Duration heartbeat;

    JobStream(ObjectMapper json, Vertx vertx, ApiAuthentication authentication,
            @ConfigProperty(name = "backup-center.gateway.stream.client-buffer", defaultValue = "1000") int clientBuffer,
            @ConfigProperty(name = "backup-center.gateway.stream.heartbeat", defaultValue = "PT15S") Duration heartbeat) {
        this.json = json;
        this.vertx = vertx;
        this.authentication = authentication;
        this.clientBuffer = clientBuffer;
        this.heartbeat = heartbeat;
    }

    /** A job-events record: passed on to every connected client as the job's JSON. */
    @Incoming("job-events")
    public void changed(String event) {
        try {
            JsonNode tree = json.readTree(event);
            if (!(tree instanceof ObjectNode job) || !job.hasNonNull("id")) {
                LOG.warnf("a job-events record without a job is skipped: %.200s", event);
                return;
            }
            job.remove(EVENT_FIELDS);
            JsonNode group = job.get("resourceGroup");
            changes.onNext(new Change(json.writeValueAsString(job),
                    group == null || group.isNull() ? null : group.asText()));
        } catch (Exception e) {
            LOG.warnf("a job-events record that is not JSON is skipped: %s", e.getMessage());
        }
    }

    void register(@Observes Router router) {
        // Before the API proxy's /api/v1/* route: the stream is served here, not by a backend.
        router.get("/api/v1/jobs/stream").order(-10).handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        JsonWebToken token = ApiAuthentication.token(ctx);
        if (token == null || token.getGroups().stream().noneMatch(Roles.ALL::contains)) {
            authentication.refuse(ctx, ProblemMapper.FORBIDDEN, 403);
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": connected\n\n");
        ResourceGroupScope scope = ResourceGroupScope.of(token);
        Client client = new Client(response);
        long timer = vertx.getDelegate().setPeriodic(heartbeat.toMillis(), id -> client.write(": heartbeat\n\n"));
        response.closeHandler(closed -> {
            vertx.getDelegate().cancelTimer(timer);
            client.cancel();
        });
        changes.select().where(change -> scope.allows(change.resourceGroup()))
                .map(Change::json)
                .onOverflow().buffer(clientBuffer)
                .emitOn(command -> ctx.vertx().runOnContext(ignored -> command.run()))
                .subscribe().withSubscriber(client);
    }

    /** A job's JSON and the resource group it belongs to (null: only principals of every group see it). */
    private record Change(String json, String resourceGroup) {
    }

    /** One connected client: writes each change, one at a time as the connection takes them. */
    private static final class Client implements Flow.Subscriber<String> {
        private final HttpServerResponse response;
        private volatile Flow.Subscription subscription;
        private volatile boolean closed;

        Client(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (closed) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String job) {
            write("data: " + job + "\n\n");
        }

        void write(String text) {
            if (closed) {
                return;
            }
            if (response.writeQueueFull()) {
                LOG.infof("a job stream client does not keep up: disconnected");
                close();
                return;
            }
            response.write(text);
        }

        @Override
        public void onError(Throwable failure) {
            LOG.infof("a job stream client falls too far behind (%s): disconnected", failure.getMessage());
            close();
        }

        @Override
        public void onComplete() {
            close();
        }

        void cancel() {
            closed = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        private void close() {
            cancel();
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }
    }
}
