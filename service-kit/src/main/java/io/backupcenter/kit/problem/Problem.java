package io.backupcenter.kit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}): the only shape of every 4xx and 5xx answer.
 * {@code errors} lists the fields at fault, when there are any.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of the problem type URIs; the slug names the kind of problem. */
    public static final String TYPE_BASE = "https://backup-center.io/problems/";

    /** One field at fault: its JSON path in the request and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /** A problem of kind {@code slug}. */
    public static Problem of(int status, String slug, String title, String detail, List<FieldError> errors) {
        return new Problem(TYPE_BASE + slug, title, status, detail, errors == null ? List.of() : List.copyOf(errors));
    }
}
