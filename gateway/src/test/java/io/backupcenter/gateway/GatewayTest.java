package io.backupcenter.gateway;

import io.backupcenter.kit.testing.TestSecurityResource;
import io.backupcenter.kit.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(TestSecurityResource.class)
class GatewayTest {

    @Test
    void aPathNoServiceOwnsIsANotFoundProblem() {
        given().get("/api/v1/spaceships")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("There is nothing at GET /api/v1/spaceships."));
    }

    @Test
    void aPathOutsideTheApiIsANotFoundProblem() {
        given().get("/index.php")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aBackendThatIsDownIsAServiceUnavailableProblemNamingIt() {
        given().get("/api/v1/vaults")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("title", equalTo("Service unavailable"))
                .body("detail", containsString("vault-service is unavailable"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void policiesAreRoutedToThePolicyService() {
        given().get("/api/v1/vaults/v1/policies")
                .then().statusCode(503)
                .body("detail", containsString("policy-service"));
    }

    @Test
    void jobsAreRoutedToTheJobService() {
        given().get("/api/v1/jobs?status=InProgress")
                .then().statusCode(503)
                .body("detail", containsString("job-service"));
    }

    @Test
    void healthIsDownAndNamesEachBackendThatIsDown() {
        given().get("/q/health")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'backends' }.data", hasKey("vault-service"))
                .body("checks.find { it.name == 'backends' }.data.'vault-service'", equalTo("DOWN"))
                .body("checks.find { it.name == 'backends' }.data", hasKey("snapshot-worker http://127.0.0.1:2"));
    }

    @Test
    void theGatewayRefusesAnApiRequestWithoutAValidTokenBeforeAnyBackendIsAsked() {
        for (var request : java.util.List.of(given().auth().none(), given().auth().oauth2(TestTokens.forged()),
                given().auth().oauth2(TestTokens.expired()), given().auth().oauth2(TestTokens.forAnotherAudience()),
                given().auth().none().header("Authorization", "Basic dXNlcjpwdw=="))) {
            request.get("/api/v1/vaults")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("detail", containsString("valid token"));
        }
    }

    @Test
    void anIdThatCannotBeOneIsABadRequestBeforeAnyBackendIsAsked() {
        for (String id : new String[] {"x".repeat(101), "%3Cscript%3E", "a%20b", "%27%20or%201=1"}) {
            given().urlEncodingEnabled(false).get("/api/v1/vaults/" + id)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Invalid id"));
        }
        given().get("/api/v1/vaults/5f0d6a8e-1b2c-4c3d-8e9f-0a1b2c3d4e5f").then().statusCode(503);
    }

    @Test
    void theJobStreamNeedsATokenWithARole() {
        given().auth().none().get("/api/v1/jobs/stream").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("nobody", "Guest")).get("/api/v1/jobs/stream").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void healthAndTheApiDocumentNeedNoToken() {
        given().auth().none().get("/q/health").then().statusCode(503);
        given().auth().none().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void anOversizedBodyIsRefusedWithAProblem() {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post("/api/v1/vaults")
                .then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void theOpenApiDocumentDescribesTheBackendsApi() {
        given().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("info.title", equalTo("Backup Center API"))
                .body("paths", hasKey("/api/v1/vaults"))
                .body("paths", hasKey("/api/v1/vaults/{vaultId}"))
                .body("paths", hasKey("/api/v1/vaults/{vaultId}/policies"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/")
                .then().statusCode(200)
                .body(containsString("swagger"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("http_server_requests_seconds"));
    }
}
