package io.backupcenter.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupcenter.gateway.GatewayConfig;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.problem.Problem;
import io.backupcenter.kit.services.ServiceInstances;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Forwards every {@code /api/v1/**} request to the service that owns its path ({@link RouteTable#API}) and its answer
 * back unchanged. Every instance of the service is used ({@link ServiceInstances}: the one answering fastest lately,
 * another when one cannot be reached, so an instance that died costs no request). A path no service owns is a 404
 * problem; a service none of whose instances can be reached is a 503 problem that names it. Runs on the event loop:
 * nothing here blocks.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    /** Headers that describe one connection, not the message; a proxy does not pass them on. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");
    static final String REQUEST_ID = "X-Request-Id";
    /** Every path segment of the API (names and ids: UUIDs, VM ids of provisioning systems) is of this shape. */
    private static final int MAX_SEGMENT = 100;
    private static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final GatewayConfig config;
    private final ObjectMapper json;
    private final WebClient client;
    private final ServiceInstances instances;
    private final long bodyLimit;

    ApiProxy(Vertx vertx, GatewayConfig config, ObjectMapper json, ServiceInstances instances) {
        this.config = config;
        this.json = json;
        this.instances = instances;
        this.bodyLimit = config.maxBodySize().asLongValue();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgentEnabled(false)
                .setKeepAlive(true)
                .setConnectTimeout(2000)
                .setMaxPoolSize(64));
    }

    void register(@Observes Router router) {
        config.services().forEach((service, urls) -> instances.define(service,
                urls.stream().map(URI::toString).toList()));
        router.route("/api/v1/*").handler(this::refuseDeclaredOversizedBody);
        router.route("/api/v1/*")
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
                .handler(this::forward)
                .failureHandler(this::failed);
    }

    /** A body whose declared length is over the limit is refused before it is read. */
    private void refuseDeclaredOversizedBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > bodyLimit) {
            respond(ctx, tooLarge());
            return;
        }
        ctx.next();
    }

    private Problem tooLarge() {
        return Problem.of(413, "payload-too-large", "Payload too large",
                "The request body is larger than the limit of " + bodyLimit + " bytes.", List.of());
    }

    private void forward(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String badSegment = badSegment(path);
        if (badSegment != null) {
            respond(ctx, Problem.of(400, "invalid-id", "Invalid id",
                    "'" + badSegment + "' is no valid id or path name: at most " + MAX_SEGMENT
                            + " letters, digits, '-', '_' and '.'.", List.of()));
            return;
        }
        Route route = RouteTable.API.find(path).orElse(null);
        if (route == null) {
            respond(ctx, Problem.of(404, "not-found", "Not found",
                    "There is nothing at " + ctx.request().method() + " " + path + ".", List.of()));
            return;
        }
        if (!instances.isKnown(route.service())) {
            respond(ctx, unavailable(route.service(), "no address is configured for it"));
            return;
        }
        String query = ctx.request().query();
        io.vertx.core.buffer.Buffer body = ctx.body().buffer();
        String requestId = ctx.request().getHeader(REQUEST_ID);
        String forwardedId = requestId == null ? UUID.randomUUID().toString() : requestId;
        instances.call(route.service(), base -> {
                    HttpRequest<Buffer> request = client.requestAbs(ctx.request().method(),
                                    base + path + (query == null ? "" : "?" + query))
                            .timeout(config.requestTimeout().toMillis());
                    copyHeaders(ctx.request().headers(), request.headers().getDelegate());
                    request.putHeader(REQUEST_ID, forwardedId);
                    request.putHeader("X-Forwarded-Proto", ctx.request().scheme());
                    if (ctx.request().authority() != null) {
                        request.putHeader("X-Forwarded-Host", ctx.request().authority().toString());
                    }
                    if (ctx.request().remoteAddress() != null) {
                        request.putHeader("X-Forwarded-For", ctx.request().remoteAddress().hostAddress());
                    }
                    return body == null ? request.send() : request.sendBuffer(Buffer.newInstance(body));
                }, ServiceInstances::isServerError)
                .subscribe().with(
                        response -> relay(ctx, response),
                        failure -> {
                            LOG.warnf("%s %s: %s did not answer: %s", ctx.request().method(), path, route.service(),
                                    Failures.describe(failure));
                            respond(ctx, unavailable(route.service(), reason(failure)));
                        });
    }

    private static void relay(RoutingContext ctx, HttpResponse<Buffer> response) {
        if (ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(response.statusCode());
        copyHeaders(response.headers().getDelegate(), ctx.response().headers());
        Buffer body = response.body();
        if (body == null) {
            ctx.response().end();
        } else {
            ctx.response().end(body.getDelegate());
        }
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            respond(ctx, tooLarge());
            return;
        }
        if (ctx.failure() != null) {
            LOG.errorf(ctx.failure(), "gateway failure on %s %s", ctx.request().method(), ctx.normalizedPath());
        }
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        respond(ctx, Problem.of(status, status == 500 ? "internal-error" : "bad-request",
                status == 500 ? "Internal error" : "Bad request",
                status == 500 ? "The gateway failed to handle the request." : "The request cannot be handled.",
                List.of()));
    }

    /** The first segment of {@code path} that no id or path name of the API looks like, cut short; null when none. */
    static String badSegment(String path) {
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !SEGMENT.matcher(segment).matches()) {
                String shown = segment.replaceAll("[^\\x20-\\x7e]", "?");
                return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
            }
        }
        return null;
    }

    private static Problem unavailable(String service, String reason) {
        return Problem.of(503, "service-unavailable", "Service unavailable",
                "The " + service + " is unavailable (" + reason + "); try again shortly.", List.of());
    }

    private static String reason(Throwable failure) {
        String text = Failures.describe(failure).toLowerCase(Locale.ROOT);
        if (text.contains("refused")) {
            return "connection refused";
        }
        if (text.contains("timeout") || text.contains("timed out")) {
            return "no answer in time";
        }
        return "connection failed";
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private void respond(RoutingContext ctx, Problem problem) {
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        try {
            ctx.response().setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
