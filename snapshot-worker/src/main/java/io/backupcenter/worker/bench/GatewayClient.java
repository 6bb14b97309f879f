package io.backupcenter.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The benchmarks' client of the API: JSON requests through the gateway, with the bearer token the launcher minted
 * ({@code BACKUP_CENTER_TOKEN}). A status of 300 or more is an error naming the call and the answer.
 */
final class GatewayClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String gateway;
    private final String token;

    GatewayClient(String gateway) {
        this.gateway = gateway;
        String fromEnvironment = System.getenv("BACKUP_CENTER_TOKEN");
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw new IllegalStateException("BACKUP_CENTER_TOKEN is not set: the API needs an Owner token "
                    + "(./backup-center token --role Owner)");
        }
        this.token = fromEnvironment.trim();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    JsonNode put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    /** The answer's status and body, whatever the status. */
    HttpResponse<String> exchange(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(method, path, body);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
