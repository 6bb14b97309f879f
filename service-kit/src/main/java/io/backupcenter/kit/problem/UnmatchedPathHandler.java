package io.backupcenter.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/** Answers a path no endpoint serves with a 404 problem instead of the HTTP server's HTML page. */
@ApplicationScoped
public class UnmatchedPathHandler {

    private final ObjectMapper json;

    UnmatchedPathHandler(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> {
            if (ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            Problem problem = Problem.of(404, "not-found", "Not found",
                    "There is nothing at " + ctx.request().method() + " " + ctx.request().path() + ".", List.of());
            try {
                ctx.response().setStatusCode(404)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
            }
        });
    }
}
