package io.backupcenter.gateway.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupcenter.kit.problem.Problem;
import io.backupcenter.kit.problem.ProblemMapper;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Every {@code /api/v1} request needs a valid bearer token before the gateway proxies or streams anything: without
 * one, or with a malformed, forged or expired one, the answer is a 401 problem. The backends verify the forwarded
 * token again and decide by role and resource group; the job stream, served here, uses {@link #token}.
 */
@ApplicationScoped
public class ApiAuthentication {

    private static final Logger LOG = Logger.getLogger(ApiAuthentication.class);
    private static final String TOKEN = ApiAuthentication.class.getName() + ".token";

    private final JWTParser parser;
    private final ObjectMapper json;

    ApiAuthentication(JWTParser parser, ObjectMapper json) {
        this.parser = parser;
        this.json = json;
    }

    void register(@Observes Router router) {
        // First of all /api/v1 routes: the job stream (-10) and the proxy come after.
        router.route("/api/v1/*").order(-20).handler(this::authenticate);
    }

    /** The request's verified token; set for every request that got past {@link #authenticate}. */
    public static JsonWebToken token(RoutingContext ctx) {
        return ctx.get(TOKEN);
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 16_384) {
            refuse(ctx, ProblemMapper.UNAUTHENTICATED, 401);
            return;
        }
        String raw = header.substring(7).trim();
        // Verifying may read the issuer's keys (a file, or an OIDC issuer's JWKS over HTTP): off the event loop.
        ctx.vertx().<JsonWebToken>executeBlocking(() -> parser.parse(raw), false).onComplete(verified -> {
            if (verified.succeeded()) {
                ctx.put(TOKEN, verified.result());
                ctx.next();
            } else {
                // Never the token or the parser's words about it in the log: either may carry the secret.
                LOG.debug("refused a bearer token that does not verify");
                refuse(ctx, ProblemMapper.UNAUTHENTICATED, 401);
            }
        });
    }

    /** Answers {@code problem} and ends the request. */
    public void refuse(RoutingContext ctx, Problem problem, int status) {
        if (ctx.response().headWritten()) {
            ctx.response().close();
            return;
        }
        try {
            if (status == 401) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
            }
            ctx.response().setStatusCode(status)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
