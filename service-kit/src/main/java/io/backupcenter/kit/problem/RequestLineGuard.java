package io.backupcenter.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses, before any endpoint sees it, a request line no value of this API can hold: a control character (NUL and
 * the like, which PostgreSQL cannot store in text) in the path or in a query parameter, a malformed percent-encoding,
 * a query value over {@value #MAX_VALUE} characters. The answer is a 400 problem naming the parameter; the endpoints
 * then only meet values they can judge themselves (a wrong type, an unknown name, a repeated parameter).
 */
@ApplicationScoped
public class RequestLineGuard {

    /** Longer than any id, name, time or cursor of the API. */
    static final int MAX_VALUE = 1_000;
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9A-Fa-f]|7[Ff])");

    private final ObjectMapper json;

    RequestLineGuard(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(-10_000).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path != null && (ENCODED_CONTROL.matcher(path).find() || hasControl(path))) {
            refuse(ctx, "path", "The path holds a control character (such as NUL), which no id or name of this API"
                    + " has.");
            return;
        }
        String query = ctx.request().query();
        if (query == null || query.isEmpty()) {
            ctx.next();
            return;
        }
        Iterable<Map.Entry<String, String>> parameters;
        try {
            parameters = ctx.queryParams();
            parameters.forEach(entry -> { });
        } catch (RuntimeException malformed) {
            refuse(ctx, "query", "The query string is not valid percent-encoding: " + malformed.getMessage());
            return;
        }
        for (Map.Entry<String, String> parameter : parameters) {
            String name = parameter.getKey();
            String value = parameter.getValue() == null ? "" : parameter.getValue();
            if (hasControl(name) || name.length() > MAX_VALUE) {
                refuse(ctx, "query", "A query parameter's name holds a control character or is too long.");
                return;
            }
            if (hasControl(value)) {
                refuse(ctx, name, "must not hold a control character (such as NUL)");
                return;
            }
            if (value.length() > MAX_VALUE) {
                refuse(ctx, name, "must be at most " + MAX_VALUE + " characters long");
                return;
            }
        }
        ctx.next();
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private void refuse(RoutingContext ctx, String field, String message) {
        String detail = field.equals("path") || field.equals("query") ? message : field + ": " + message;
        Problem problem = Problem.of(400, "bad-request", "Bad request", detail,
                field.equals("path") || field.equals("query") ? List.of()
                        : List.of(new Problem.FieldError(field, message)));
        try {
            ctx.response().setStatusCode(400)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }
}
