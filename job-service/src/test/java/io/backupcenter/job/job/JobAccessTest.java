package io.backupcenter.job.job;

import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.security.Roles;
import io.backupcenter.kit.testing.TestTokens;
import io.backupcenter.kit.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

/** The Backup Jobs view needs a token; reading is for every role, cancelling for Operators and up. */
@QuarkusTest
class JobAccessTest {

    private static String runningBackup() {
        return runningBackup("vault-a");
    }

    private static String runningBackup(String vaultId) {
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        VmSpec vm = new VmSpec("vm-a", "accessVM", "access-rg", "westeurope", "Linux", "Running",
                List.of(new DiskSpec("osdisk", -1, "file:///var/lib/vms/access.img")), null);
        TopicReader.send(Topics.BACKUP_REQUESTED, "item-a", EventJson.write(new BackupRequested(UUID.randomUUID(), now,
                1, jobId, "item-a", vaultId, vm, Trigger.OnDemand, now.plus(30, ChronoUnit.DAYS), now, null, null,
                null, null, "olivia")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", jobId)
                .then().statusCode(200).body("status", equalTo("InProgress")));
        return jobId;
    }

    @Test
    void jobsWithoutATokenAreUnauthenticated() {
        given().auth().none().get("/api/v1/jobs").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forged()).get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void aReaderSeesAJobButCannotCancelItAndAnOperatorCanWhichIsRecorded() {
        String jobId = runningBackup();

        given().auth().oauth2(TestTokens.token("rita", Roles.READER)).get("/api/v1/jobs/{id}", jobId)
                .then().statusCode(200).body("initiatedBy", equalTo("olivia"));
        given().auth().oauth2(TestTokens.token("rita", Roles.READER)).post("/api/v1/jobs/{id}/cancel", jobId)
                .then().statusCode(403).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.token("oscar", Roles.OPERATOR)).post("/api/v1/jobs/{id}/cancel", jobId)
                .then().statusCode(202).body("status", equalTo("Cancelling"));
        var requests = TopicReader.await(Topics.JOB_CANCELLATIONS, r -> r.value().contains(jobId),
                Duration.ofSeconds(15));
        assertThat(requests.get(0).value()).contains("\"oscar\"");
    }

    @Test
    void aPrincipalLimitedToResourceGroupsSeesOnlyTheJobsOfVaultsInThem() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String mine = "jobs-mine-" + suffix;
        String theirs = "jobs-theirs-" + suffix;
        String myVault = "vault-mine-" + suffix;
        String theirVault = "vault-theirs-" + suffix;
        vaultCreated(myVault, mine);
        // Their job arrives before job-service hears of their vault: it is placed when the vault event comes.
        String theirJob = runningBackup(theirVault);
        vaultCreated(theirVault, theirs);
        String myJob = runningBackup(myVault);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/jobs/{id}", theirJob)
                .then().body("resourceGroup", equalTo(theirs)));
        String reader = TestTokens.token("scoped", Roles.READER, mine);
        String operator = TestTokens.token("scoped", Roles.OPERATOR, mine);

        given().auth().oauth2(reader).queryParam("limit", 1000).get("/api/v1/jobs").then().statusCode(200)
                .body("items.resourceGroup", everyItem(equalTo(mine)))
                .body("items.id", hasItem(myJob));
        given().auth().oauth2(reader).get("/api/v1/jobs/{id}", myJob).then().statusCode(200)
                .body("resourceGroup", equalTo(mine));
        given().auth().oauth2(reader).get("/api/v1/jobs/{id}", theirJob).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(operator).post("/api/v1/jobs/{id}/cancel", theirJob).then().statusCode(404);
        given().get("/api/v1/jobs/{id}", theirJob).then().body("status", equalTo("InProgress"));
    }

    private static void vaultCreated(String vaultId, String resourceGroup) {
        TopicReader.send(Topics.VAULT_EVENTS, vaultId, EventJson.write(VaultCreated.of(java.time.Clock.systemUTC(),
                vaultId, "v-" + vaultId, resourceGroup, "westeurope", "GeoRedundant")));
    }
}
