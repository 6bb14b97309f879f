package io.backupcenter.vault.catalog;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupStats;
import io.backupcenter.contracts.backup.DiskManifest;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.Failure;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RecoveryPointInfo;
import io.backupcenter.contracts.backup.RecoveryPointType;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.backup.SnapshotStatus;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.retention.RetentionAssigned;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.backupcenter.vault.Api.createVault;
import static io.backupcenter.vault.Api.createVm;
import static io.backupcenter.vault.Api.item;
import static io.backupcenter.vault.Api.protect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class CatalogTest {

    private static SnapshotCompleted succeeded(String vault, String item, String pointId, Instant time, long stored) {
        return new SnapshotCompleted(UUID.randomUUID(), Instant.now(), SnapshotCompletedEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), item, vault, SnapshotStatus.Succeeded, Trigger.OnDemand,
                time.plus(30, ChronoUnit.DAYS), null, null,
                new RecoveryPointInfo(pointId, time, RecoveryPointType.CrashConsistent, 1 << 20,
                        "AzureBackupRG_westeurope_1", new BackupStats(1 << 20, 4096, 1, 1),
                        List.of(new DiskManifest("osdisk", -1, 1 << 20, "sha256:00"))),
                null, null, stored);
    }

    private static void publish(SnapshotCompleted event) {
        TopicReader.send(Topics.SNAPSHOT_COMPLETED, event.protectedItemId(), EventJson.write(event));
    }

    private static void expire(String vault, String item, String point, Tier tier) {
        RecoveryPointExpired event = RecoveryPointExpired.of(Clock.systemUTC(), item, vault, point, tier,
                ExpiryReason.Retention);
        TopicReader.send(Topics.RP_EXPIRED, item, EventJson.write(event));
    }

    private static void awaitPoints(String vault, String item, int count) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, item)
                .then().statusCode(200).body("items", hasSize(count)));
    }

    @Test
    void aSucceededBackupIsCataloguedInBothTiersAndTheItemBecomesProtected() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        publish(succeeded(vault, itemId, "rp-" + UUID.randomUUID(), time, 4096));

        awaitPoints(vault, itemId, 1);
        given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, itemId)
                .then()
                .body("items[0].type", equalTo("CrashConsistent"))
                .body("items[0].tiers.tier", contains("Snapshot", "Vault"))
                .body("items[0].tiers[1].expiresAt", nullValue())
                .body("items[0].sizeBytes", equalTo(1 << 20))
                .body("items[0].snapshotResourceGroup", equalTo("AzureBackupRG_westeurope_1"))
                .body("items[0].stats.bytesStored", equalTo(4096));
        item(vault, itemId)
                .body("protectionState", equalTo("Protected"))
                .body("lastBackupStatus", equalTo("Completed"))
                .body("latestRecoveryPointTime", equalTo(time.toString()));
        given().get("/api/v1/vaults/{v}", vault).then().body("usage.storedBytes", equalTo(4096));
    }

    @Test
    void thePolicysExpiryDatesAreShownEvenWhenTheyArriveBeforeThePoint() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        String point = "rp-" + UUID.randomUUID();
        Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant snapshotExpiry = time.plus(2, ChronoUnit.DAYS);
        Instant vaultExpiry = time.plus(30, ChronoUnit.DAYS);
        TopicReader.send(Topics.RETENTION_EVENTS, itemId, EventJson.write(RetentionAssigned.of(Clock.systemUTC(),
                itemId, vault, point, snapshotExpiry, vaultExpiry)));

        publish(succeeded(vault, itemId, point, time, 10));

        awaitPoints(vault, itemId, 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, itemId)
                .then()
                .body("items[0].tiers[0].expiresAt", equalTo(snapshotExpiry.toString()))
                .body("items[0].tiers[1].expiresAt", equalTo(vaultExpiry.toString())));
    }

    @Test
    void pointsAreListedNewestFirstAndARedeliveryAddsNothing() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        Instant older = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant newer = older.plus(12, ChronoUnit.HOURS);
        SnapshotCompleted first = succeeded(vault, itemId, "rp-old-" + UUID.randomUUID(), older, 10);

        publish(first);
        publish(first);
        publish(succeeded(vault, itemId, "rp-new-" + UUID.randomUUID(), newer, 20));

        awaitPoints(vault, itemId, 2);
        given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, itemId)
                .then().body("items.time", contains(newer.toString(), older.toString()));
    }

    @Test
    void aFailedBackupIsRecordedWithoutAPoint() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));

        publish(new SnapshotCompleted(UUID.randomUUID(), Instant.now(), 1, UUID.randomUUID().toString(), itemId, vault,
                SnapshotStatus.Failed, Trigger.Scheduled, null, null, null, null,
                new Failure("SourceDiskMissing", "Disk 'osdisk' cannot be read"), null, null));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> item(vault, itemId)
                .body("lastBackupStatus", equalTo("Failed"))
                .body("protectionState", equalTo("IRPending")));
        given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, itemId)
                .then().body("items", empty());
    }

    @Test
    void anExpiredTierLeavesThePointAndTheLastTierTakesItAway() {
        String vault = createVault("westeurope");
        String itemId = protect(vault, createVm("westeurope"));
        Instant older = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant newer = older.plus(1, ChronoUnit.DAYS);
        String oldPoint = "rp-" + UUID.randomUUID();
        String newPoint = "rp-" + UUID.randomUUID();
        publish(succeeded(vault, itemId, oldPoint, older, 10));
        publish(succeeded(vault, itemId, newPoint, newer, 10));
        awaitPoints(vault, itemId, 2);

        expire(vault, itemId, newPoint, Tier.Snapshot);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vault, itemId)
                .then().body("items[0].tiers.tier", contains("Vault")));

        expire(vault, itemId, newPoint, Tier.All);
        awaitPoints(vault, itemId, 1);
        item(vault, itemId).body("latestRecoveryPointTime", equalTo(older.toString()));
    }

    @Test
    void aPointOfAnItemThatIsGoneIsAnnouncedExpiredSoItsDataIsDeleted() {
        String vault = createVault("westeurope");
        String point = "rp-" + UUID.randomUUID();

        publish(succeeded(vault, "gone-" + UUID.randomUUID(), point, Instant.now(), 10));

        var records = TopicReader.await(Topics.RP_EXPIRED, r -> r.value().contains(point), Duration.ofSeconds(15));
        RecoveryPointExpired expiry = (RecoveryPointExpired) EventJson.read(records.get(0).value(), RpExpiredEvent.class);
        assertThat(expiry.tier()).isEqualTo(Tier.All);
        assertThat(expiry.reason()).isEqualTo(ExpiryReason.ItemDeleted);
    }

    @Test
    void deletingDataWithSoftDeleteOffExpiresEveryPoint() {
        String vault = createVault(io.backupcenter.vault.Api.unique("v"), "backup-rg", "westeurope", "{\"enabled\": false}");
        String itemId = protect(vault, createVm("westeurope"));
        String point = "rp-" + UUID.randomUUID();
        publish(succeeded(vault, itemId, point, Instant.now().truncatedTo(ChronoUnit.SECONDS), 10));
        awaitPoints(vault, itemId, 1);
        String name = item(vault, itemId).extract().path("vmName");

        given().contentType("application/json")
                .body("{\"deleteBackupData\": true, \"confirmName\": \"" + name + "\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/stop-protection", vault, itemId)
                .then().statusCode(202);

        var records = TopicReader.await(Topics.RP_EXPIRED, r -> r.value().contains(point), Duration.ofSeconds(15));
        assertThat(((RecoveryPointExpired) EventJson.read(records.get(0).value(), RpExpiredEvent.class)).reason())
                .isEqualTo(ExpiryReason.BackupDataDeleted);
        item(vault, itemId).statusCode(404);
    }
}
