package io.backupcenter.systemtests;

import io.backupcenter.kit.security.Roles;
import io.backupcenter.kit.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The live side of the Backup Jobs view: the job stream for dashboards, and cancelling a running backup. */
@ExtendWith(BackupCenter.class)
class JobsLiveTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);

    /** A vault with one protected VM on a real disk image; returns {vaultId, itemId}. */
    private static String[] protectedVm(String name, String preHook) throws IOException {
        Path disk = Api.disk(name + "-" + SUFFIX, 8, name.hashCode());
        String vault = Api.createVault(name + "-" + SUFFIX, "backup-rg", "westeurope");
        String hooks = preHook == null ? "null" : "{\"pre\": \"" + preHook + "\"}";
        String item = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s-%s", "resourceGroup": "live-rg", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}], "consistencyHooks": %s,
                         "backup": {"enabled": true, "vaultId": "%s"}}""".formatted(name, SUFFIX, disk.toUri(), hooks,
                        vault))
                .post("/api/v1/virtual-machines").then().statusCode(201)
                .extract().path("protection.protectedItemId");
        return new String[] {vault, item};
    }

    /** Lines of the job stream as {@code token} sees it, from when it is connected; cancel the future to close it. */
    private static CompletableFuture<HttpResponse<Void>> stream(String token, Queue<String> lines) {
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create(BackupCenter.gateway() + "/api/v1/jobs/stream"))
                        .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
                    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("text/event-stream"));
                    response.body().forEach(lines::add);
                    return null;
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(": connected"));
        return stream;
    }

    @Test
    void theJobStreamShowsABackupFromItsStartToItsCompletionToThoseWhoseResourceGroupsHoldIt() throws Exception {
        Queue<String> lines = new ConcurrentLinkedQueue<>();
        Queue<String> outsiderLines = new ConcurrentLinkedQueue<>();
        var stream = stream(TestTokens.owner(), lines);
        var outsiderStream = stream(TestTokens.token("outsider", Roles.READER, "another-rg"), outsiderLines);
        try {
            String[] vm = protectedVm("stream", null);
            String job = Api.backUpNow(vm[0], vm[1], null);

            await().atMost(Duration.ofSeconds(60)).until(() -> changesOf(lines, job).stream()
                    .anyMatch(change -> change.getString("status").equals("Completed")));
            List<JsonPath> changes = changesOf(lines, job);
            assertThat(changes.get(0).getString("status")).isEqualTo("InProgress");
            assertThat(changes.get(0).getString("operation")).isEqualTo("Backup");
            JsonPath last = changes.get(changes.size() - 1);
            assertThat(last.getString("status")).isEqualTo("Completed");
            assertThat(last.getInt("progressPercent")).isEqualTo(100);
            assertThat(last.getString("eventId")).as("the stream carries the job, not the event").isNull();
            assertThat(last.getString("entityName")).isEqualTo("stream-" + SUFFIX);
            assertThat(last.getString("resourceGroup")).isEqualTo("backup-rg");
            assertThat(changesOf(outsiderLines, job)).as("a principal of another resource group sees none of it")
                    .isEmpty();
        } finally {
            stream.cancel(true);
            outsiderStream.cancel(true);
        }
    }

    @Test
    void cancellingARunningBackupEndsItCancelledWithNoRecoveryPoint() throws Exception {
        // The VM's pre-snapshot hook holds the backup until the test lets it go: the cancel surely lands while it runs.
        Path release = BackupCenter.dataDirectory().resolve("hooks/release-" + SUFFIX);
        Path hook = BackupCenter.dataDirectory().resolve("hooks/hold-" + SUFFIX + ".sh");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\nfor i in $(seq 1 600); do [ -f '" + release + "' ] && exit 0; sleep 0.1; done\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] vm = protectedVm("cancel", hook.getFileName().toString());
        String job = Api.backUpNow(vm[0], vm[1], null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().post("/api/v1/jobs/{id}/cancel", job)
                .then().statusCode(202).body("status", equalTo("Cancelling")));
        await().atMost(Duration.ofSeconds(20)).until(() -> cancellationReachedTheWorkers(job));
        Files.createFile(release);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", job)
                .then().body("status", equalTo("Cancelled")));
        given().post("/api/v1/jobs/{id}/cancel", job).then().statusCode(409)
                .contentType("application/problem+json");
        given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vm[0], vm[1])
                .then().statusCode(200).body("items", hasSize(0));
    }

    /** The workers have recorded the job's cancellation (their database). */
    private static boolean cancellationReachedTheWorkers(String job) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/backup_worker_systest", "backup", "backup");
             var query = connection.prepareStatement("select 1 from job_cancellation where job_id = ?")) {
            query.setString(1, job);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static List<JsonPath> changesOf(Queue<String> lines, String job) {
        return lines.stream()
                .filter(line -> line.startsWith("data: "))
                .map(line -> JsonPath.from(line.substring("data: ".length())))
                .filter(change -> job.equals(change.getString("id")))
                .toList();
    }
}
