package io.backupcenter.systemtests;

import io.backupcenter.contracts.Ids;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an event loses, reconciliation repairs. policy-service's copy of three protected items is changed behind the
 * services' back, as lost events would leave it: one row removed (a lost {@code ProtectionConfigured}), one stopped
 * (a lost {@code ProtectionResumed}), one on the wrong policy (a lost {@code ItemPolicyChanged}). Within one pass
 * (every 5 s in the system tests, 5 minutes by default) each is as vault-service says again, scheduled, and the
 * repairs are counted in {@code backup_center_reconciler_repairs_total}.
 */
@ExtendWith(BackupCenter.class)
class ReconciliationTest {

    private static final String POLICY_DB = "backup_policy_systest";
    private static final Duration ONE_PASS = Duration.ofSeconds(15);

    @Test
    void aRemovedRowAStateAndAPolicyLostBehindTheServicesBackAreRepairedWithinOnePass() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String vaultId = Api.createVault("reconcile-" + run, "reconcile-rg", "westeurope");
        String policyId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "Nightly", "policyType": "Standard",
                         "schedule": {"frequency": "Daily", "times": ["%s"]}, "timeZone": "UTC",
                         "retention": {"daily": {"count": 7}}}""".formatted(Api.timeOfDayFarFromNow()))
                .post("/api/v1/vaults/{v}/policies", vaultId).then().statusCode(201).extract().path("id");
        String removed = item(vaultId, "removed-" + run, "Nightly");
        String stopped = item(vaultId, "stopped-" + run, "Nightly");
        String moved = item(vaultId, "moved-" + run, "Nightly");
        for (String item : List.of(removed, stopped, moved)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> row(item) != null);
        }
        double before = repairs();

        try (Connection db = Services.database(POLICY_DB)) {
            update(db, "delete from protected_item where id = ?", removed);
            update(db, "update protected_item set state = 'Stopped', next_run_at = null where id = ?", stopped);
            update(db, "update protected_item set policy_id = '" + Ids.defaultPolicyId(vaultId) + "' where id = ?",
                    moved);
        }

        await().atMost(ONE_PASS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String item : List.of(removed, stopped, moved)) {
                String[] row = row(item);
                assertThat(row).as("policy-service's copy of " + item).isNotNull();
                assertThat(row[0]).as("state of " + item).isEqualTo("Active");
                assertThat(row[1]).as("policy of " + item).isEqualTo(policyId);
                assertThat(row[2]).as("next run of " + item).isNotNull();
            }
        });
        assertThat(repairs() - before).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRecoveryPointRetentionLostOnEitherSideIsRepairedWithinOnePass() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String vaultId = Api.createVault("rp-reconcile-" + run, "reconcile-rg", "westeurope");
        String itemId = item(vaultId, "rp-" + run, "DefaultPolicy");
        Api.awaitJob(Api.backUpNow(vaultId, itemId, null), "Completed", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Api.recoveryPoints(vaultId, itemId)
                .getString("items[0].tiers[1].expiresAt")).isNotNull());
        String pointId = Api.recoveryPoints(vaultId, itemId).getString("items[0].id");
        String vaultExpiry = Api.recoveryPoints(vaultId, itemId).getString("items[0].tiers[1].expiresAt");

        // policy-service forgets the point (a lost snapshot-completed); the catalog forgets its dates (a lost
        // RetentionAssigned).
        try (Connection db = Services.database(POLICY_DB)) {
            update(db, "delete from recovery_point where id = ?", pointId);
        }
        try (Connection db = Services.database("backup_vault_systest")) {
            try (PreparedStatement statement = db.prepareStatement(
                    "delete from recovery_point_retention where recovery_point_id = ?")) {
                statement.setString(1, pointId);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(Api.recoveryPoints(vaultId, itemId).getString("items[0].tiers[1].expiresAt")).isNull();

        await().atMost(ONE_PASS).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection db = Services.database(POLICY_DB);
                 PreparedStatement query = db.prepareStatement("select count(*) from recovery_point where id = ?")) {
                query.setString(1, pointId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("policy-service's retention of " + pointId).isEqualTo(1);
                }
            }
            assertThat(Api.recoveryPoints(vaultId, itemId).getString("items[0].tiers[1].expiresAt"))
                    .isEqualTo(vaultExpiry);
        });
    }

    private static String item(String vaultId, String name, String policy) throws java.io.IOException {
        return Api.protectedVm(name, "reconcile-rg", Api.disk(name, 1, name.hashCode()), vaultId, policy);
    }

    /** {@code [state, policy_id, next_run_at]} of policy-service's copy of the item, or null when it has none. */
    private static String[] row(String itemId) throws SQLException {
        try (Connection db = Services.database(POLICY_DB);
             PreparedStatement query = db.prepareStatement(
                     "select state, policy_id, next_run_at from protected_item where id = ?")) {
            query.setString(1, itemId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new String[] {rows.getString(1), rows.getString(2), rows.getString(3)} : null;
            }
        }
    }

    private static void update(Connection db, String sql, String itemId) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, itemId);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    /** Repairs counted by both policy-service instances (whichever held the lease). */
    private static double repairs() {
        return Services.sum(Services.metrics("policy-service"), "backup_center_reconciler_repairs_total", "kind=")
                + Services.sum(Services.metrics("policy-service-2"), "backup_center_reconciler_repairs_total", "kind=");
    }
}
