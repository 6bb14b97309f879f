package io.backupcenter.kit;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Classifies failures: is it worth retrying (a dependency is down), and how to say it in one line. */
public final class Failures {

    private Failures() {
    }

    /**
     * True when {@code failure} says a dependency (PostgreSQL, Kafka, another service) is unreachable or overloaded
     * rather than that the request or event is wrong: connection refused or closed, a timeout, a service that answered
     * "unavailable", or a PostgreSQL error of class 08 (connection), 53 (resources), 57P (shutdown), 40
     * (serialization, deadlock) or 55P03 (a lock not granted in time).
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException
                    || t instanceof io.backupcenter.kit.problem.ApiException.Unavailable) {
                return true;
            }
            String type = t.getClass().getName();
            if (type.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || type.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || type.equals("io.netty.channel.ConnectTimeoutException")
                    || type.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || type.equals("org.apache.kafka.common.errors.TimeoutException")
                    || type.equals("org.apache.kafka.common.errors.NetworkException")) {
                return true;
            }
            if (type.equals("io.vertx.pgclient.PgException") && isTransientSqlState(sqlState(t))) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && (t.getMessage().contains("Connection refused") || t.getMessage().contains("Connection reset"))) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.equals("Timeout") || message.contains("Connection refused")
                    || message.contains("connection is closed") || message.contains("Pending requests"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code failure} is a connection that could not be made (refused, or timed out while connecting):
     * nothing was sent, so the same request may go to another instance whatever it does.
     */
    public static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code failure} says another transaction changed the same row first (an entity's version moved on):
     * doing the work again, on fresh data, succeeds.
     */
    public static boolean isConcurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (type.equals("jakarta.persistence.OptimisticLockException")
                    || type.equals("org.hibernate.StaleObjectStateException")
                    || type.equals("org.hibernate.StaleStateException")) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code failure} is PostgreSQL refusing a duplicate key (SQLSTATE 23505). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals("io.vertx.pgclient.PgException") && "23505".equals(sqlState(t))) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransientSqlState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01") || state.equals("55P03"));
    }

    private static String sqlState(Throwable pgException) {
        try {
            return (String) pgException.getClass().getMethod("getSqlState").invoke(pgException);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The first cause of {@code type} in the chain of {@code failure}, or null. */
    public static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * The first line of {@code message}, for answers, job errors and logs that must stay short: without a Java
     * exception's class name ({@code java.io.IOException: }) that a wrapped cause puts in front of its message.
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        int source = line.indexOf(" at [Source");
        line = source < 0 ? line : line.substring(0, source);
        return CLASS_NAME.matcher(line).replaceAll("").strip();
    }

    /** A fully qualified exception or error class name and the colon after it. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    /** The innermost message of {@code failure}, one line, for logs (never for answers to clients). */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }
}
