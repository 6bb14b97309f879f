package io.backupcenter.job.job;

import io.backupcenter.kit.api.QueryValues;
import io.backupcenter.kit.problem.ApiException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The filters and page of {@code GET /jobs}, read from the query: unknown values are a 400 naming the parameter, not
 * an empty list. The cursor is opaque to clients: the (start time, id) of the last job of the previous page.
 */
public record JobQuery(JobStatus status, Operation operation, String vaultId, String protectedItemId, Instant from,
        Instant to, int limit, Cursor after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** Where a page starts: after this job in newest-first order. */
    public record Cursor(Instant startTime, String id) {

        String encode() {
            String raw = startTime.getEpochSecond() + "." + startTime.getNano() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                String[] time = raw.substring(0, bar).split("\\.");
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                        raw.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new ApiException.BadRequest("cursor", "is not a cursor this API returned");
            }
        }
    }

    /** The query of these parameters, or 400. */
    public static JobQuery of(String status, String operation, String vaultId, String protectedItemId, String from,
            String to, String limit, String cursor) {
        int pageSize = DEFAULT_LIMIT;
        if (limit != null && !limit.isEmpty()) {
            try {
                pageSize = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > MAX_LIMIT) {
                throw new ApiException.BadRequest("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new JobQuery(QueryValues.parse("status", status, JobStatus.class),
                QueryValues.parse("operation", operation, Operation.class), blankToNull(vaultId),
                blankToNull(protectedItemId), instant("from", from), instant("to", to), pageSize,
                cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException.BadRequest(parameter, "must be an ISO-8601 UTC time such as 2026-11-22T10:30:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The cursor of the page that follows {@code last}. */
    public static String cursorAfter(Job last) {
        return new Cursor(last.startTime, last.id).encode();
    }
}
