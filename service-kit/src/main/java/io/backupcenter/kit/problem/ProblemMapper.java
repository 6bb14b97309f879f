package io.backupcenter.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.backupcenter.kit.Failures;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place that turns failures into RFC 9457 problem+json. Domain failures carry their status
 * ({@link ApiException}); framework failures (validation, unreadable JSON, unknown paths) are translated into words a
 * person understands; anything unexpected is a 500 with a reference to the log line, never a class name or a trace.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** The answer to a request without a valid token; the gateway gives the same one. */
    public static final Problem UNAUTHENTICATED = Problem.of(401, "unauthenticated", "Unauthenticated",
            "This request needs a valid token in 'Authorization: Bearer <token>'; none was given, or it is malformed, "
                    + "not signed by a trusted key, or expired. './backup-center token --role Reader' mints one.",
            List.of());
    /** The answer to a principal whose role does not allow the request. */
    public static final Problem FORBIDDEN = Problem.of(403, "forbidden", "Forbidden",
            "Your role does not allow this request. Reader reads; Operator also backs up, restores and cancels jobs; "
                    + "Contributor also manages policies, VMs and protection; Owner also manages vaults.",
            List.of());

    @ServerExceptionMapper
    public RestResponse<Problem> api(ApiException e) {
        return respond(e.toProblem());
    }

    /** No token, or one that is malformed, forged or expired (authentication runs lazily, so it lands here). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e) {
        return RestResponse.ResponseBuilder.<Problem>create(401)
                .entity(UNAUTHENTICATED)
                .type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e) {
        return respond(FORBIDDEN);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), messageOf(v)))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(400, "validation", "Invalid request", detail, errors));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> json(JsonProcessingException e) {
        return respond(unreadableBody(e));
    }

    /** Declared on its own: quarkus-rest-jackson's built-in mapper for this type would otherwise win. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedJson(MismatchedInputException e) {
        return respond(unreadableBody(e));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e) {
        JsonProcessingException json = Failures.causeOfType(e, JsonProcessingException.class);
        if (json != null) {
            return respond(unreadableBody(json));
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 400 -> "The request cannot be read.";
            case 404 -> "There is nothing at this path.";
            case 405 -> "This method is not allowed here"
                    + (e instanceof NotAllowedException na ? "; allowed: " + allowed(na.getResponse()) : "") + ".";
            case 406 -> "The requested media type cannot be produced; ask for application/json.";
            case 413 -> "The request body is too large.";
            case 415 -> "The request body must be application/json.";
            default -> Response.Status.fromStatusCode(status) == null
                    ? "The request failed." : Response.Status.fromStatusCode(status).getReasonPhrase() + ".";
        };
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(Problem.of(status, slug(title), title, detail, List.of()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e) {
        if (Failures.isTransient(e)) {
            LOG.warnf("answering 503, a dependency is unavailable: %s", Failures.describe(e));
            return respond(Problem.of(503, "service-unavailable", "Service unavailable",
                    "A system this request needs (the database or the message broker) is unavailable; try again shortly.",
                    List.of()));
        }
        if (Failures.isConcurrentUpdate(e)) {
            return respond(Problem.of(409, "concurrent-update", "Conflict",
                    "The resource was changed by another request or event at the same moment; read it again and retry.",
                    List.of()));
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "The request failed unexpectedly; the service log has the details under reference " + reference + ".",
                List.of()));
    }

    /** The problem for a body that is not the JSON the endpoint expects. */
    static Problem unreadableBody(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return Problem.of(400, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON: " + Failures.firstLine(e.getOriginalMessage()) + ".", List.of());
        }
        String field = pathOf(mapping);
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = field.isEmpty() ? unknown.getPropertyName() : field;
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException format) {
            message = "'" + format.getValue() + "' is not valid: expected " + describe(format.getTargetType());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + describe(mismatch.getTargetType());
        } else if (e instanceof ValueInstantiationException) {
            message = Failures.firstLine(e.getCause() == null ? "is not valid" : e.getCause().getMessage());
        } else {
            message = "is not valid";
        }
        if (field.isEmpty()) {
            return Problem.of(400, "malformed-json", "Malformed JSON",
                    "The request body is not the expected JSON: " + message + ".", List.of());
        }
        return Problem.of(400, "validation", "Invalid request", field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)));
    }

    /** What a JSON value of {@code type} looks like, in words; never a Java class name. */
    static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "an id";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time such as 2026-11-22T10:30:00Z";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object";
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /**
     * The JSON path of a violation: {@code softDelete.retentionDays}, {@code disks[0].name}; a query or path parameter
     * by its name; a missing body as {@code body}.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String parameter = null;
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                names.clear();
                continue;
            }
            if (node.isInIterable() && !names.isEmpty()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                if (position != null) {
                    names.set(names.size() - 1, names.get(names.size() - 1) + "[" + position + "]");
                }
            }
            if (node.getName() != null && kind != ElementKind.CONTAINER_ELEMENT) {
                names.add(node.getName());
            }
        }
        if (!names.isEmpty()) {
            return String.join(".", names);
        }
        return parameter == null ? "body" : parameter;
    }

    private static String messageOf(ConstraintViolation<?> violation) {
        return violation.getMessage();
    }

    private static String allowed(Response response) {
        return response.getAllowedMethods().stream().sorted().collect(Collectors.joining(", "));
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    private static RestResponse<Problem> respond(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .entity(problem)
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
