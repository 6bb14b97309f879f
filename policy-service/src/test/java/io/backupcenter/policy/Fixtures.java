package io.backupcenter.policy;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.testing.TopicReader;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/** Vaults, policies and items for policy-service tests, made the way production makes them: by events and API. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A vault announced on vault-events, with its DefaultPolicy in place; returns the vault id. */
    public static String vault() {
        VaultCreated created = VaultCreated.of(Clock.systemUTC(), UUID.randomUUID().toString(), "v-" + UUID.randomUUID(),
                "backup-rg", "westeurope", "GeoRedundant");
        TopicReader.send(Topics.VAULT_EVENTS, created.vaultId(), EventJson.write(created));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .get("/api/v1/vaults/{v}/policies", created.vaultId()).then().statusCode(200).body("items", hasSize(1)));
        return created.vaultId();
    }

    /** Creates a policy from JSON; returns its id. */
    public static String policy(String vaultId, String json) {
        return given().contentType(ContentType.JSON).body(json)
                .post("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A Standard daily policy at {@code time} in {@code zone}, dailies kept {@code days}. */
    public static String dailyPolicy(String vaultId, String time, String zone, int days) {
        return policy(vaultId, """
                {"name": "daily-%s", "policyType": "Standard",
                 "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "%s",
                 "retention": {"daily": {"count": %d}}}""".formatted(UUID.randomUUID(), time, zone, days));
    }

    /** A protected item on the policy, announced on protection-events; returns its id. */
    public static String item(String vaultId, String policyId) {
        Map.Entry<String, String> announcement = itemAnnouncement(vaultId, policyId);
        TopicReader.send(Topics.PROTECTION_EVENTS, announcement.getKey(), announcement.getValue());
        return announcement.getKey();
    }

    /** The protection-events record (key = the new item's id, value) that announces a protected item on the policy. */
    public static Map.Entry<String, String> itemAnnouncement(String vaultId, String policyId) {
        String itemId = UUID.randomUUID().toString();
        VmSpec vm = new VmSpec("vm-" + itemId, "vm-" + itemId.substring(0, 8), "hotel-rg", "westeurope", "Linux",
                "Running", List.of(new DiskSpec("osdisk", -1, "file:///var/lib/vms/" + itemId + ".img")), null);
        ProtectionConfigured event = new ProtectionConfigured(UUID.randomUUID(), Instant.now(),
                ProtectionEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), itemId, vaultId, "vault", policyId, vm,
                "test");
        return Map.entry(itemId, EventJson.write(event));
    }

    /** Waits until policy-service has taken the item from protection-events. */
    public static void awaitItem(Pool pool, String itemId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> pool
                .preparedQuery("select 1 from protected_item where id = $1").execute(Tuple.of(itemId))
                .await().atMost(Duration.ofSeconds(5)).size() == 1);
    }

    /** The id of the vault's DefaultPolicy. */
    public static String defaultPolicy(String vaultId) {
        return Ids.defaultPolicyId(vaultId);
    }
}
