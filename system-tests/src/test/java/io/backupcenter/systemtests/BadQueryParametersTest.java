package io.backupcenter.systemtests;

import io.backupcenter.kit.testing.TestTokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A battery of bad input on every query parameter of every list endpoint, through the gateway: NUL, control
 * characters, over-long values, malformed percent-encoding, wrong types, out-of-range numbers, repeated and unknown
 * parameters. None may be answered with a 5xx; every refusal is a problem+json.
 */
@ExtendWith(BackupCenter.class)
class BadQueryParametersTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> BAD_VALUES = List.of("%00", "a%00b", "%01", "%7F", "%0A", "%ZZ", "%",
            "x".repeat(5_000), "abc", "-1", "0", "99999999999999999999", "2026-13-45T99:99:99Z", "%27%20or%201=1--",
            "%E2%82%AC", "%C0%AF", "true", "null", "[]", "%7B%7D");
    private static String vaultId;
    private static String itemId;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void aVaultWithAnItem() {
        vaultId = Api.createVault("badq-" + SUFFIX, "badq-rg", "westeurope");
        itemId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "badq-%s", "resourceGroup": "badq-rg", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "file:///var/lib/vms/badq-%s.img"}],
                         "backup": {"enabled": true, "vaultId": "%s"}}""".formatted(SUFFIX, SUFFIX, vaultId))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201).extract().path("protection.protectedItemId");
    }

    /** Every list endpoint with the query parameters it takes (api.md). */
    private static Map<String, List<String>> listEndpoints() {
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        endpoints.put("/api/v1/vaults", List.of("resourceGroup", "region", "name"));
        endpoints.put("/api/v1/vaults/" + vaultId + "/policies", List.of());
        endpoints.put("/api/v1/virtual-machines", List.of("region", "resourceGroup", "protectable"));
        endpoints.put("/api/v1/vaults/" + vaultId + "/protected-items", List.of("protectionState"));
        endpoints.put("/api/v1/vaults/" + vaultId + "/protected-items/" + itemId + "/recovery-points", List.of());
        endpoints.put("/api/v1/jobs", List.of("status", "operation", "vaultId", "protectedItemId", "from", "to",
                "limit", "cursor"));
        endpoints.put("/api/v1/jobs/stream", List.of("vaultId", "status", "operation", "jobId"));
        return endpoints;
    }

    @Test
    void noQueryParameterOfAnyListEndpointIsAnsweredWithA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<String, List<String>> endpoint : listEndpoints().entrySet()) {
            List<String> parameters = new ArrayList<>(endpoint.getValue());
            parameters.add("unknownParameter");
            for (String parameter : parameters) {
                for (String value : BAD_VALUES) {
                    requests++;
                    check(endpoint.getKey() + "?" + parameter + "=" + value, failures);
                }
                requests++;
                check(endpoint.getKey() + "?" + parameter + "=a&" + parameter + "=b", failures);
                requests++;
                check(endpoint.getKey() + "?" + parameter, failures);
            }
            requests++;
            check(endpoint.getKey() + "?%00=1", failures);
        }
        assertThat(failures).as("of %d requests", requests).isEmpty();
    }

    @Test
    void aNulInTheQueryIsA400NamingTheParameter() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/api/v1/jobs?vaultId=%00"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"field\":\"vaultId\"").contains("control character");
    }

    @Test
    void aNulOrAnOverLongIdInThePathIsNotA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String id : List.of("%00", "a%00", "x".repeat(3_000), "%ZZ", "..%2F..%2Fetc")) {
            check("/api/v1/vaults/" + id, failures);
            check("/api/v1/vaults/" + id + "/policies", failures);
            check("/api/v1/vaults/" + vaultId + "/protected-items/" + id, failures);
            check("/api/v1/jobs/" + id, failures);
            check("/api/v1/virtual-machines/" + id, failures);
        }
        assertThat(failures).isEmpty();
    }

    private static HttpRequest request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(BackupCenter.gateway() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestTokens.owner())
                .GET().build();
    }

    /** Sends the request (its body is not read: the stream would not end) and notes a 5xx or a non-problem 4xx. */
    private static void check(String pathAndQuery, List<String> failures) throws Exception {
        HttpRequest request;
        try {
            request = request(pathAndQuery);
        } catch (IllegalArgumentException notAUri) {
            // The client itself refuses to send it (e.g. "%ZZ" in a path): nothing reaches the server.
            return;
        }
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (status >= 500) {
                failures.add(status + " for GET " + abbreviate(pathAndQuery) + ": " + new String(body.readNBytes(300)));
            } else if (status >= 400 && !type.startsWith("application/problem+json")) {
                failures.add(status + " without problem+json (" + type + ") for GET " + abbreviate(pathAndQuery));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
