package io.backupcenter.systemtests;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Health that tells the truth. With both policy-service instances down, a {@code VmCreated} that names a policy
 * cannot be applied (vault-service must ask policy-service whether the vault has it): vault-service's
 * {@code vm-events} consumer retries and does not advance, and the readiness of the instance that holds the record goes
 * DOWN naming the consumer and its topic (after 10 s in the system tests, 2 minutes by default). When policy-service
 * is back, the consumer moves, the VM is protected, and readiness is UP again. The metrics the watchdogs read are on
 * every service's {@code /q/metrics}.
 */
@ExtendWith(BackupCenter.class)
class StuckConsumerTest {

    private static final List<String> VAULT_SERVICES = List.of("vault-service", "vault-service-2");

    @Test
    void readinessIsDownWhileAConsumerIsStuckAndUpOnceItMoves() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String vaultId = Api.createVault("stuck-" + run, "stuck-rg", "westeurope");
        Api.policyId(vaultId, "DefaultPolicy");
        String vmId = "vm-stuck-" + run;
        try {
            BackupCenter.kill("policy-service");
            BackupCenter.kill("policy-service-2");
            TopicReader.send(Topics.VM_EVENTS, vmId, """
                    {"eventId": "%s", "type": "VmCreated", "occurredAt": "%s", "schemaVersion": 1,
                     "vm": {"id": "%s", "name": "stuck-%s", "resourceGroup": "stuck-rg", "region": "westeurope",
                            "osType": "Linux", "disks": [{"name": "osdisk", "lun": -1,
                                                          "source": "file:///var/lib/vms/stuck.img"}]},
                     "backup": {"enabled": true, "vaultName": "stuck-%s", "vaultResourceGroup": "stuck-rg",
                                "policyName": "Custom"}}"""
                    .formatted(UUID.randomUUID(), Instant.now(), vmId, run, run));

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    VAULT_SERVICES.stream().map(Services::readiness).anyMatch(ready -> (int) ready[0] == 503
                            && ready[1].toString().contains("vault-service.vm-events")
                            && ready[1].toString().contains("topic vm-events")));
        } finally {
            BackupCenter.restart("policy-service");
            BackupCenter.restart("policy-service-2");
        }

        // The consumer moves on: the VM's policy "Custom" does not exist, so its event is rejected with the reason.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                VAULT_SERVICES.stream().map(Services::readiness).allMatch(ready -> (int) ready[0] == 200));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .queryParam("operation", "ConfigureBackup").queryParam("status", "Failed")
                .get("/api/v1/jobs")
                .then().body("items.find { it.entityName == 'stuck-" + run + "' }.status", equalTo("Failed")));
    }

    @Test
    void theWatchdogsMetricsAreOnEveryService() {
        for (String instance : List.of("vault-service", "vault-service-2", "policy-service", "policy-service-2",
                "job-service", "snapshot-worker-1")) {
            String metrics = Services.metrics(instance);
            assertThat(metrics).as(instance)
                    .contains("backup_center_consumer_lag{")
                    .contains("backup_center_events_parked{")
                    .contains("backup_center_events_dead_lettered_total{");
        }
        for (String instance : List.of("policy-service", "policy-service-2")) {
            assertThat(Services.metrics(instance)).as(instance)
                    .contains("backup_center_items_overdue ")
                    .contains("backup_center_reconciler_repairs_total{");
        }
    }
}
