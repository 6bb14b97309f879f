package io.backupcenter.job.job;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.job.JobProgress;
import io.backupcenter.contracts.restore.RestoreCompleted;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.contracts.protection.ProtectionConfigurationFailed;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.schedule.ItemNotScheduled;
import io.backupcenter.contracts.schedule.ItemScheduled;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.verify.VerifyCompleted;
import io.backupcenter.contracts.verify.VerifyStarted;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TestTokens;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class JobsTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @jakarta.inject.Inject
    JobPruner pruner;

    @jakarta.inject.Inject
    io.vertx.core.Vertx vertx;

    private static final VmSpec VM = new VmSpec("vm-1", "hotelVM", "hotel-rg", "westeurope", "Linux", "Running",
            List.of(new DiskSpec("osdisk", -1, "file:///var/lib/vms/hotel.img")), null);

    private static void awaitJob(String jobId, String status) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId)
                .then().statusCode(200).body("status", equalTo(status)));
    }

    private static BackupRequested backupRequested(String jobId, String vault, String item, Instant at) {
        return new BackupRequested(UUID.randomUUID(), at, 1, jobId, item, vault, VM, Trigger.OnDemand,
                at.plus(30, ChronoUnit.DAYS), at, null, null, null, null, "alice");
    }

    private static SnapshotCompleted succeeded(String jobId, String vault, String item, Instant at) {
        return new SnapshotCompleted(UUID.randomUUID(), at, 1, jobId, item, vault, SnapshotStatus.Succeeded,
                Trigger.OnDemand, null, null, null, new RecoveryPointInfo("rp-" + jobId, at.minusSeconds(5),
                RecoveryPointType.CrashConsistent, 100, null, new BackupStats(100, 10, 1, 1), List.of()),
                null, null, null);
    }

    @Test
    void aConfiguredProtectionIsAConfigureBackupJobCompletedWhenItsItemIsScheduled() {
        String jobId = UUID.randomUUID().toString();
        ProtectionConfigured event = new ProtectionConfigured(UUID.randomUUID(), Instant.now(), 1, jobId, "item-1",
                "vault-1", "hotel-vault", "policy-1", VM, "alice");

        TopicReader.send(Topics.PROTECTION_EVENTS, "item-1", EventJson.write(event));
        awaitJob(jobId, "InProgress");
        TopicReader.send(Topics.SCHEDULE_EVENTS, "item-1", EventJson.write(ItemScheduled.of(Clock.systemUTC(),
                "item-1", "vault-1", "policy-1", jobId, Instant.now().plusSeconds(3600))));

        awaitJob(jobId, "Completed");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("operation", equalTo("ConfigureBackup"))
                .body("entityName", equalTo("hotelVM"))
                .body("vaultId", equalTo("vault-1"))
                .body("protectedItemId", equalTo("item-1"))
                .body("progressPercent", equalTo(100))
                .body("initiatedBy", equalTo("alice"))
                .body("error", nullValue());
    }

    @Test
    void aConfigureBackupJobWhoseItemCannotBeScheduledFailsWithTheReason() {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.SCHEDULE_EVENTS, "item-9", EventJson.write(ItemNotScheduled.of(Clock.systemUTC(),
                "item-9", "vault-1", jobId, ItemNotScheduled.NOT_SCHEDULED, "policy p-9 is not known")));
        TopicReader.send(Topics.PROTECTION_EVENTS, "item-9", EventJson.write(new ProtectionConfigured(
                UUID.randomUUID(), Instant.now(), 1, jobId, "item-9", "vault-1", "hotel-vault", "p-9", VM, "alice")));

        awaitJob(jobId, "Failed");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("operation", equalTo("ConfigureBackup"))
                .body("protectedItemId", equalTo("item-9"))
                .body("error.code", equalTo("ItemNotScheduled"))
                .body("error.message", containsString("policy p-9 is not known"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId).then()
                .body("entityName", equalTo("hotelVM"))
                .body("status", equalTo("Failed")));
    }

    @Test
    void aJobDeliveredDirectlyIsReadableAtOnceAndItsKafkaRecordChangesNothing() {
        String jobId = UUID.randomUUID().toString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String event = EventJson.write(backupRequested(jobId, "vault-7", "item-7", start));

        given().auth().oauth2(TestTokens.service("vault-service")).contentType("application/json")
                .body("[" + event + "]")
                .post("/internal/v1/events/backup-requested").then().statusCode(204);
        given().get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("status", equalTo("InProgress"));

        TopicReader.send(Topics.BACKUP_REQUESTED, "item-7", event);
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-7", EventJson.write(succeeded(jobId, "vault-7", "item-7",
                start.plusSeconds(5))));
        awaitJob(jobId, "Completed");
        given().auth().oauth2(TestTokens.service("vault-service")).contentType("application/json")
                .body("[" + event + "]")
                .post("/internal/v1/events/backup-requested").then().statusCode(204);
        given().get("/api/v1/jobs/{id}", jobId).then().body("status", equalTo("Completed"));
    }

    @Test
    void onlyServicesDeliverEventsDirectly() {
        String event = EventJson.write(backupRequested(UUID.randomUUID().toString(), "vault-8", "item-8",
                Instant.now()));

        given().contentType("application/json").body("[" + event + "]")
                .post("/internal/v1/events/backup-requested").then().statusCode(403);
        for (String malformed : List.of("[{\"type\":1}]", event, "[]")) {
            given().auth().oauth2(TestTokens.service("vault-service")).contentType("application/json")
                    .body(malformed)
                    .post("/internal/v1/events/backup-requested").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.service("vault-service")).contentType("application/json")
                .body("[" + event + "]")
                .post("/internal/v1/events/no-such-topic").then().statusCode(404);
    }

    @Test
    void aFailedConfigurationShowsItsReason() {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.PROTECTION_EVENTS, "vm-2", EventJson.write(new ProtectionConfigurationFailed(
                UUID.randomUUID(), Instant.now(), 1, jobId, "vm-2", "stadiumVM", null, "hotel-vault",
                "ConfigureBackupFailed", "a vault protects only VMs of its own region", "vm-events")));

        awaitJob(jobId, "Failed");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("entityName", equalTo("stadiumVM"))
                .body("error.code", equalTo("ConfigureBackupFailed"))
                .body("error.message", containsString("own region"));
    }

    @Test
    void aBackupIsInProgressUntilItsSnapshotCompletes() {
        String jobId = UUID.randomUUID().toString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-3", EventJson.write(backupRequested(jobId, "vault-3", "item-3",
                start)));
        awaitJob(jobId, "InProgress");

        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-3", EventJson.write(succeeded(jobId, "vault-3", "item-3",
                start.plusSeconds(42))));

        awaitJob(jobId, "Completed");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("operation", equalTo("Backup"))
                .body("entityName", equalTo("hotelVM"))
                .body("durationSeconds", equalTo(42))
                .body("startTime", equalTo(start.toString()));
    }

    @Test
    void aCompletionThatArrivesBeforeItsRequestStaysCompleted() {
        String jobId = UUID.randomUUID().toString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-4", EventJson.write(succeeded(jobId, "vault-4", "item-4",
                start.plusSeconds(10))));
        awaitJob(jobId, "Completed");

        BackupRequested late = backupRequested(jobId, "vault-4", "item-4", start);
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-4", EventJson.write(late));
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-4", EventJson.write(late));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId).then()
                .body("entityName", equalTo("hotelVM"))
                .body("startTime", equalTo(start.toString()))
                .body("status", equalTo("Completed")));
    }

    @Test
    void aFailedBackupCarriesTheWorkersError() {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-5", EventJson.write(new SnapshotCompleted(UUID.randomUUID(),
                Instant.now(), 1, jobId, "item-5", "vault-5", SnapshotStatus.Failed, Trigger.Scheduled, null, null,
                null, null, new Failure("SourceDiskMissing", "Disk 'osdisk' cannot be read"), null, null)));

        awaitJob(jobId, "Failed");
        given().get("/api/v1/jobs/{id}", jobId).then().body("error.code", equalTo("SourceDiskMissing"));
    }

    @Test
    void jobsAreFilteredAndPagedNewestFirstEachOnce() {
        String vault = "vault-" + UUID.randomUUID();
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String jobId = UUID.randomUUID().toString();
            ids.add(0, jobId);
            TopicReader.send(Topics.BACKUP_REQUESTED, "item-p", EventJson.write(backupRequested(jobId, vault, "item-p",
                    base.plusSeconds(i))));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().queryParam("vaultId", vault)
                .get("/api/v1/jobs").then().body("items", hasSize(7)));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("vaultId", vault).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/jobs").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(ids);
        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).hasSize(7);
        given().queryParam("vaultId", vault).queryParam("status", "InProgress").queryParam("operation", "Backup")
                .queryParam("from", base.plusSeconds(5).toString())
                .get("/api/v1/jobs").then()
                .body("items.id", contains(ids.get(0), ids.get(1)))
                .body("items.status", everyItem(equalTo("InProgress")));
    }

    @Test
    void progressFillsInTheTasksPercentBytesAndTimeLeft() {
        String jobId = UUID.randomUUID().toString();
        Instant start = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-6", EventJson.write(backupRequested(jobId, "vault-6", "item-6",
                start)));
        awaitJob(jobId, "InProgress");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("tasks.name", contains("Take Snapshot", "Transfer data to vault"))
                .body("tasks.status", contains("NotStarted", "NotStarted"));

        TopicReader.send(Topics.JOB_PROGRESS, jobId, EventJson.write(JobProgress.of(java.time.Clock.systemUTC(), jobId,
                "item-6", JobProgress.TRANSFER, "InProgress", 500L << 20, 2000L << 20, 100L << 20, 29)));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId).then()
                .body("progressPercent", equalTo(29))
                .body("tasks.status", contains("Completed", "InProgress"))
                .body("progress.bytesDone", equalTo(500 << 20))
                .body("progress.bytesTotal", equalTo(2000 << 20))
                .body("progress.bytesPerSecond", org.hamcrest.Matchers.greaterThan(0))
                .body("progress.estimatedSecondsLeft", org.hamcrest.Matchers.greaterThan(0)));
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-6", EventJson.write(new SnapshotCompleted(UUID.randomUUID(),
                Instant.now(), 1, jobId, "item-6", "vault-6", SnapshotStatus.Failed, Trigger.OnDemand, null, null,
                null, null, new Failure("VaultStorageFull", "The vault storage is full"), null, null)));
        awaitJob(jobId, "Failed");
        given().get("/api/v1/jobs/{id}", jobId).then().body("tasks.status", contains("Completed", "Failed"));
    }

    @Test
    void aCompletionRacingWithProgressStaysCompleted() throws Exception {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-r", EventJson.write(backupRequested(jobId, "vault-r", "item-r",
                Instant.now())));
        awaitJob(jobId, "InProgress");

        // A worker that took over a job reports progress while its result travels on another topic: both consumers
        // change the same job row at once, and the completion must not be overwritten by a progress event.
        List<UUID> progressEvents = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            JobProgress progress = JobProgress.of(java.time.Clock.systemUTC(), jobId, "item-r", JobProgress.TRANSFER,
                    "InProgress", (long) i << 20, 300L << 20, (long) i << 19, 5 + i / 4);
            progressEvents.add(progress.eventId());
            TopicReader.send(Topics.JOB_PROGRESS, jobId, EventJson.write(progress));
            if (i == 50) {
                TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-r", EventJson.write(succeeded(jobId, "vault-r",
                        "item-r", Instant.now())));
            }
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("job-service.job-progress", progressEvents)
                == progressEvents.size());
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("status", equalTo("Completed"))
                .body("progressPercent", equalTo(100))
                .body("tasks.status", contains("Completed", "Completed"));
    }

    /** How many of these events the consumer has applied, from its processed-event log. */
    private long processed(String consumer, List<UUID> events) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
             var query = connection.prepareStatement(
                     "select count(*) from processed_event where consumer = ? and event_id = any (?)")) {
            query.setString(1, consumer);
            query.setArray(2, connection.createArrayOf("uuid", events.toArray()));
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void aRestoreIsARestoreJob() {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.RESTORE_REQUESTED, "item-7", EventJson.write(new RestoreRequested(UUID.randomUUID(),
                Instant.now(), 1, jobId, "item-7", "vault-7", "rp-7", RestoreType.RestoreDisks, Tier.Vault,
                "file:///srv/r", VM, null, null, "bob")));
        awaitJob(jobId, "InProgress");

        TopicReader.send(Topics.RESTORE_COMPLETED, "item-7", EventJson.write(new RestoreCompleted(UUID.randomUUID(),
                Instant.now(), 1, jobId, "item-7", "vault-7", "rp-7", RestoreType.RestoreDisks, SnapshotStatus.Succeeded,
                Tier.Vault, List.of(new DiskSpec("osdisk", -1, "file:///srv/r/osdisk.img")), null, null)));

        awaitJob(jobId, "Completed");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("operation", equalTo("Restore"))
                .body("entityName", equalTo("hotelVM"))
                .body("initiatedBy", equalTo("bob"))
                .body("tasks.name", contains("Restore disks"));
    }

    @Test
    void aVaultVerificationIsAVerifyJobThatNamesTheDamagedRecoveryPoints() {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.VAULT_VERIFICATIONS, "vault-v", EventJson.write(new VerifyStarted(UUID.randomUUID(),
                Instant.now(), 1, jobId, "vault-v", 3, "schedule")));
        awaitJob(jobId, "InProgress");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("operation", equalTo("Verify"))
                .body("tasks.name", contains("Verify data"))
                .body("tasks.status", contains("InProgress"));

        TopicReader.send(Topics.VAULT_VERIFICATIONS, "vault-v", EventJson.write(new VerifyCompleted(UUID.randomUUID(),
                Instant.now(), 1, jobId, "vault-v", SnapshotStatus.Failed, 3, 120, 1 << 20,
                List.of(new VerifyCompleted.DamagedPoint("item-h", "hotel", "rp-1", "chunk ab does not match its hash")),
                new Failure("DamagedRecoveryPoints", "1 of 3 recovery points cannot be restored whole: VM 'hotel' "
                        + "(item item-h): point rp-1 (chunk ab does not match its hash)."), null)));

        awaitJob(jobId, "Failed");
        given().get("/api/v1/jobs/{id}", jobId).then()
                .body("vaultId", equalTo("vault-v"))
                .body("initiatedBy", equalTo("schedule"))
                .body("error.code", equalTo("DamagedRecoveryPoints"))
                .body("error.message", containsString("VM 'hotel' (item item-h): point rp-1"));
        given().queryParam("operation", "Verify").queryParam("vaultId", "vault-v").get("/api/v1/jobs").then()
                .statusCode(200)
                .body("items.id", contains(jobId));
    }

    @Test
    void everyChangeOfAJobIsOnJobEventsInOrderWithTheBodyOfTheApi() throws Exception {
        String jobId = UUID.randomUUID().toString();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-e", EventJson.write(backupRequested(jobId, "vault-e", "item-e",
                start)));
        awaitJob(jobId, "InProgress");
        TopicReader.send(Topics.JOB_PROGRESS, jobId, EventJson.write(JobProgress.of(java.time.Clock.systemUTC(), jobId,
                "item-e", JobProgress.TRANSFER, "InProgress", 10L << 20, 100L << 20, 1L << 20, 14)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId).then()
                .body("progressPercent", equalTo(14)));
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-e", EventJson.write(succeeded(jobId, "vault-e", "item-e",
                start.plusSeconds(30))));
        awaitJob(jobId, "Completed");

        TopicReader.await(Topics.JOB_EVENTS, r -> r.key().equals(jobId)
                && JsonPath.from(r.value()).getString("status").equals("Completed"), Duration.ofSeconds(15));
        List<String> values = TopicReader.all(Topics.JOB_EVENTS, r -> r.key().equals(jobId)).stream()
                .map(r -> r.value()).toList();
        List<JsonPath> changes = values.stream().map(JsonPath::from).toList();
        assertThat(changes).extracting(c -> c.getString("status"))
                .containsExactly("InProgress", "InProgress", "Completed");
        assertThat(changes).extracting(c -> c.getInt("progressPercent")).containsExactly(0, 14, 100);
        JsonPath last = changes.get(2);
        assertThat(last.getString("type")).isEqualTo("JobChanged");
        assertThat(last.getInt("schemaVersion")).isEqualTo(1);
        assertThat(last.getString("eventId")).isNotBlank();
        assertThat(last.getString("occurredAt")).isNotBlank();
        var api = EventJson.mapper().readTree(given().get("/api/v1/jobs/{id}", jobId).asString());
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(values.get(2));
        event.remove(List.of("type", "eventId", "occurredAt", "schemaVersion"));
        assertThat(event).isEqualTo(api);
    }

    @Test
    void aRunningJobIsCancelledAndAFinishedOneIsNot() {
        String jobId = UUID.randomUUID().toString();
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-c", EventJson.write(backupRequested(jobId, "vault-c", "item-c",
                Instant.now())));
        awaitJob(jobId, "InProgress");

        given().post("/api/v1/jobs/{id}/cancel", jobId).then().statusCode(202).body("status", equalTo("Cancelling"));
        given().post("/api/v1/jobs/{id}/cancel", jobId).then().statusCode(202).body("status", equalTo("Cancelling"));
        var requests = TopicReader.await(Topics.JOB_CANCELLATIONS, r -> r.key().equals(jobId), Duration.ofSeconds(15));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).value()).contains("\"JobCancelRequested\"").contains("\"Backup\"");

        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-c", EventJson.write(new SnapshotCompleted(UUID.randomUUID(),
                Instant.now(), 1, jobId, "item-c", "vault-c", SnapshotStatus.Failed, Trigger.OnDemand, null, null,
                null, null, new Failure("BackupCancelled", "The backup was cancelled; no recovery point was made."),
                null, null)));
        awaitJob(jobId, "Cancelled");
        given().get("/api/v1/jobs/{id}", jobId).then().body("error", nullValue())
                .body("tasks.status", contains("Cancelled", "NotStarted"));

        given().post("/api/v1/jobs/{id}/cancel", jobId).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("has already ended (Cancelled)"));
        given().post("/api/v1/jobs/{id}/cancel", "no-such-job").then().statusCode(404);
    }

    @Test
    void jobsThatEndedBeforeTheRetentionArePrunedAndRunningOnesStay() {
        String old = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        Instant longAgo = Instant.now().minus(120, ChronoUnit.DAYS);
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, "item-o", EventJson.write(succeeded(old, "vault-o", "item-o",
                longAgo)));
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-o", EventJson.write(backupRequested(running, "vault-o",
                "item-o", longAgo)));
        awaitJob(old, "Completed");
        awaitJob(running, "InProgress");

        assertThat(io.backupcenter.kit.testing.OnVertx.run(vertx, pruner::prune).await()
                .atMost(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);

        given().get("/api/v1/jobs/{id}", old).then().statusCode(404);
        given().get("/api/v1/jobs/{id}", running).then().statusCode(200);
    }

    @Test
    void unknownFilterValuesAreBadRequests() {
        given().queryParam("status", "Sleeping").get("/api/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().queryParam("operation", "Format").get("/api/v1/jobs").then().statusCode(400);
        given().queryParam("limit", 1001).get("/api/v1/jobs").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().queryParam("from", "yesterday").get("/api/v1/jobs").then().statusCode(400);
        given().queryParam("cursor", "garbage!").get("/api/v1/jobs").then().statusCode(400);
    }

    @Test
    void anUnknownJobIsNotFound() {
        given().get("/api/v1/jobs/{id}", "no-such-job").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Job 'no-such-job' does not exist."));
        given().get("/api/v1/jobs/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aJobAcceptedAMomentAgoIsReadAtOnceThoughItsEventArrivesAfterTheRequest() {
        String jobId = UUID.randomUUID().toString();
        // The event that starts the job reaches job-service only after the GET has arrived.
        var sent = java.util.concurrent.CompletableFuture.runAsync(() -> TopicReader.send(Topics.BACKUP_REQUESTED,
                "item-late", EventJson.write(backupRequested(jobId, "vault-late", "item-late", Instant.now()))),
                java.util.concurrent.CompletableFuture.delayedExecutor(400, java.util.concurrent.TimeUnit.MILLISECONDS));

        given().get("/api/v1/jobs/{id}", jobId).then().statusCode(200)
                .body("id", equalTo(jobId))
                .body("status", equalTo("InProgress"));
        assertThat(sent).isDone();
    }
}
