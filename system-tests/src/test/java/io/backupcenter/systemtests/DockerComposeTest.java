package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.File;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The production-shaped deployment, {@code docker-compose.yml}, brought up by Testcontainers: images built from the
 * services' jars, Kafka and PostgreSQL containers, three snapshot workers. Needs a Docker engine with Compose; where
 * there is none (as on the development machines without Docker) it is skipped and says so.
 */
@EnabledIf(value = "dockerIsAvailable",
        disabledReason = "SKIPPED: no Docker engine on this machine, so docker-compose.yml is not brought up here")
class DockerComposeTest {

    private static final Logger LOG = Logger.getLogger(DockerComposeTest.class.getName());
    private static final File COMPOSE_FILE = new File(System.getProperty("backup-center.root", ".."),
            "docker-compose.yml");

    private static ComposeContainer compose;
    private static String token;

    static boolean dockerIsAvailable() {
        boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available) {
            LOG.warning("DockerComposeTest SKIPPED: no Docker engine here; the docker-compose deployment is tested "
                    + "only where Docker runs.");
        }
        return available;
    }

    @BeforeAll
    static void composeUp() {
        compose = new ComposeContainer(COMPOSE_FILE)
                .withLocalCompose(true)
                .withBuild(true)
                .withExposedService("gateway", 8080,
                        Wait.forHttp("/q/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(6)));
        compose.start();
        try {
            var minted = compose.getContainerByServiceName("gateway").orElseThrow().execInContainer("java", "-cp",
                    "/app/lib/main/*", "io.backupcenter.kit.security.LocalIssuer", "token", "/keys", "--role", "Owner");
            String[] lines = minted.getStdout().strip().split("\n");
            token = lines[lines.length - 1];
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a token in the composed system", e);
        }
    }

    @AfterAll
    static void composeDown() {
        if (compose != null) {
            compose.stop();
        }
    }

    private static String gateway() {
        return "http://" + compose.getServiceHost("gateway", 8080) + ":" + compose.getServicePort("gateway", 8080);
    }

    @Test
    void theComposedSystemIsHealthy() {
        given().baseUri(gateway()).get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void aVaultCreatedThroughTheComposedGatewayGetsItsDefaultPolicy() {
        String vaultId = given().baseUri(gateway()).auth().oauth2(token).contentType(ContentType.JSON)
                .body("""
                        {"name": "compose-%s", "resourceGroup": "backup-rg", "region": "westeurope"}"""
                        .formatted(UUID.randomUUID().toString().substring(0, 8)))
                .post("/api/v1/vaults")
                .then().statusCode(201)
                .extract().path("id");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(gateway()).auth().oauth2(token)
                .get("/api/v1/vaults/{vaultId}/policies", vaultId)
                .then().statusCode(200)
                .body("items.name", hasItem("DefaultPolicy")));
    }
}
