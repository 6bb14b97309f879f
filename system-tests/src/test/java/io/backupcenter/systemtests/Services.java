package io.backupcenter.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test reads of one service instance directly, past the gateway: its readiness and its Prometheus metrics, and
 * (to change something behind the services' back) a service's own database.
 */
final class Services {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Services() {
    }

    /** {@code /q/health/ready} of the instance: its status code and body ({@code [503, "{...}"]}). */
    static Object[] readiness(String instance) {
        HttpResponse<String> response = get(BackupCenter.instance(instance) + "/q/health/ready");
        return new Object[] {response.statusCode(), response.body()};
    }

    /** The instance's {@code /q/metrics} text. */
    static String metrics(String instance) {
        return get(BackupCenter.instance(instance) + "/q/metrics").body();
    }

    /**
     * The sum of every sample of {@code metric} in {@code text} whose labels contain {@code labels} (e.g.
     * {@code kind="item-missing"}); 0 when there is none.
     */
    static double sum(String text, String metric, String labels) {
        double sum = 0;
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)\\} ([0-9.eE+-]+)$").matcher(text);
        while (line.find()) {
            if (line.group(1).contains(labels)) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }

    /** A connection to the system tests' database of a service ({@code backup_policy_systest}, …). */
    static Connection database(String name) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "backup", "backup");
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
