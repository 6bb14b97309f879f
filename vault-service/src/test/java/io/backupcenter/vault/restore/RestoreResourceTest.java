package io.backupcenter.vault.restore;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.backupcenter.vault.Api.createVault;
import static io.backupcenter.vault.Api.createVm;
import static io.backupcenter.vault.Api.protect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class RestoreResourceTest {

    private record Point(String vault, String item, String point) {
    }

    private static Point aRecoveryPoint() {
        String vault = createVault("westeurope");
        String item = protect(vault, createVm("westeurope"));
        String point = "rp-" + UUID.randomUUID();
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, item, EventJson.write(new SnapshotCompleted(UUID.randomUUID(),
                Instant.now(), 1, "job-" + point, item, vault, SnapshotStatus.Succeeded, Trigger.OnDemand, null, null,
                null, new RecoveryPointInfo(point, Instant.now(), RecoveryPointType.CrashConsistent, 1024, "rg",
                new BackupStats(1024, 10, 1, 1), List.of()), null, null, null)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                .then().body("items", hasSize(1)));
        return new Point(vault, item, point);
    }

    private static ValidatableResponse restore(Point p, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", p.vault(), p.item(),
                        p.point())
                .then();
    }

    @Test
    void aRestoreOfDisksAnswersItsJobAndAsksTheWorkers() {
        Point p = aRecoveryPoint();

        String jobId = restore(p, "{\"restoreType\": \"RestoreDisks\", \"target\": \"file:///srv/restore/hotel\"}")
                .statusCode(202)
                .header("Location", startsWith("/api/v1/jobs/"))
                .extract().path("jobId");

        var records = TopicReader.await(Topics.RESTORE_REQUESTED, r -> r.value().contains(jobId), Duration.ofSeconds(15));
        RestoreRequested request = (RestoreRequested) EventJson.read(records.get(0).value(), RestoreRequestedEvent.class);
        assertThat(request.restoreType()).isEqualTo(RestoreType.RestoreDisks);
        assertThat(request.sourceTier()).isEqualTo(Tier.Snapshot);
        assertThat(request.targetDirectory()).isEqualTo("file:///srv/restore/hotel");
        assertThat(request.vm().disks()).hasSize(1);
    }

    @Test
    void everyBrokenRuleOfARestoreIsNamed() {
        Point p = aRecoveryPoint();

        restore(p, "{}").statusCode(400).body("errors.field", hasItem("restoreType"));
        restore(p, "{\"restoreType\": \"RestoreDisks\"}").statusCode(400).body("errors.field", hasItem("target"));
        restore(p, "{\"restoreType\": \"RestoreDisks\", \"target\": \"/tmp/x\"}").statusCode(400)
                .body("errors[0].message", containsString("file:///"));
        restore(p, "{\"restoreType\": \"AlternateLocation\"}").statusCode(400)
                .body("errors.field", containsInAnyOrder("vmName", "resourceGroup"));
        restore(p, "{\"restoreType\": \"Teleport\"}").statusCode(400)
                .body("detail", containsString("RestoreDisks, AlternateLocation, OriginalLocation"));
        restore(p, "{\"restoreType\": \"RestoreDisks\", \"target\": \"file:///x\", \"sourceTier\": \"Tape\"}")
                .statusCode(400);
    }

    @Test
    void anUnknownRecoveryPointIsNotFound() {
        Point p = aRecoveryPoint();

        given().contentType(ContentType.JSON).body("{\"restoreType\": \"OriginalLocation\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", p.vault(), p.item(), "nope")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anExpiredTierCannotBeRestoredFrom() {
        Point p = aRecoveryPoint();
        TopicReader.send(Topics.RP_EXPIRED, p.item(), EventJson.write(RecoveryPointExpired.of(Clock.systemUTC(),
                p.item(), p.vault(), p.point(), Tier.Snapshot, ExpiryReason.Retention)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", p.vault(), p.item())
                .then().body("items[0].tiers", hasSize(1)));

        restore(p, "{\"restoreType\": \"OriginalLocation\", \"sourceTier\": \"Snapshot\"}")
                .statusCode(409)
                .body("detail", containsString("restore from the Vault tier"));
        restore(p, "{\"restoreType\": \"OriginalLocation\"}").statusCode(202);
    }

    @Test
    void anAlternateVmNameTakenInItsResourceGroupIsAConflict() {
        Point p = aRecoveryPoint();
        String taken = given().get("/api/v1/vaults/{v}/protected-items/{i}", p.vault(), p.item())
                .then().extract().path("vmName");

        restore(p, "{\"restoreType\": \"AlternateLocation\", \"vmName\": \"" + taken + "\", \"resourceGroup\": \"hotel-rg\"}")
                .statusCode(409)
                .body("detail", containsString("already exists"));
    }
}
