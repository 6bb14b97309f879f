package io.backupcenter.kit.problem;

import java.util.List;

/**
 * A failure the client can act on. Services throw its subclasses ({@link BadRequest}, {@link NotFound},
 * {@link Conflict}, {@link Unavailable}); {@link ProblemMapper} turns each into problem+json, so status codes are
 * decided by the exception's kind in one place.
 */
public abstract sealed class ApiException extends RuntimeException
        permits ApiException.BadRequest, ApiException.NotFound, ApiException.Conflict, ApiException.Unavailable,
        ApiException.PayloadTooLarge, ApiException.Forbidden {

    private final String slug;
    private final List<Problem.FieldError> errors;

    protected ApiException(String slug, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.slug = slug;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** The HTTP status this failure answers with. */
    public abstract int status();

    /** The short title of this kind of failure. */
    public abstract String title();

    /** The problem body for this failure. */
    public Problem toProblem() {
        return Problem.of(status(), slug, title(), getMessage(), errors);
    }

    /** The request is invalid; {@code errors} names the fields. 400. */
    public static non-sealed class BadRequest extends ApiException {
        public BadRequest(String detail, List<Problem.FieldError> errors) {
            super("bad-request", detail, errors);
        }

        public BadRequest(String field, String message) {
            this(field + ": " + message, List.of(new Problem.FieldError(field, message)));
        }

        @Override
        public int status() {
            return 400;
        }

        @Override
        public String title() {
            return "Bad request";
        }
    }

    /** The thing named does not exist (or is not visible to the caller). 404. */
    public static non-sealed class NotFound extends ApiException {
        public NotFound(String detail) {
            super("not-found", detail, List.of());
        }

        @Override
        public int status() {
            return 404;
        }

        @Override
        public String title() {
            return "Not found";
        }
    }

    /** The request conflicts with the current state (a taken name, a non-empty vault). 409. */
    public static non-sealed class Conflict extends ApiException {
        public Conflict(String slug, String detail) {
            super(slug, detail, List.of());
        }

        @Override
        public int status() {
            return 409;
        }

        @Override
        public String title() {
            return "Conflict";
        }
    }

    /** Something the request needs is down; trying again later may work. 503. */
    public static non-sealed class Unavailable extends ApiException {
        public Unavailable(String detail) {
            super("service-unavailable", detail, List.of());
        }

        @Override
        public int status() {
            return 503;
        }

        @Override
        public String title() {
            return "Service unavailable";
        }
    }

    /** The request body is larger than the limit. 413. */
    public static non-sealed class PayloadTooLarge extends ApiException {
        public PayloadTooLarge(String detail) {
            super("payload-too-large", detail, List.of());
        }

        @Override
        public int status() {
            return 413;
        }

        @Override
        public String title() {
            return "Payload too large";
        }
    }

    /** The caller may not do this here: outside their resource groups, or beyond their role. 403. */
    public static non-sealed class Forbidden extends ApiException {
        public Forbidden(String detail) {
            super("forbidden", detail, List.of());
        }

        @Override
        public int status() {
            return 403;
        }

        @Override
        public String title() {
            return "Forbidden";
        }
    }
}
