package io.backupcenter.systemtests;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Verify that tells the truth, asked for through the API ({@code POST /vaults/{id}/verify}): a geo-redundant vault's
 * damaged primary copy is repaired from the secondary, and a database outage during the verification is not taken for
 * damaged data. The workers here read a point's data after a 2 s delay (their slow-storage stand-in).
 */
@ExtendWith(BackupCenter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static String vault;
    private static String item;
    private static String point;
    private static Path disk;

    private static String verify() {
        return given().post("/api/v1/vaults/{v}/verify", vault)
                .then().statusCode(202).extract().path("jobId");
    }

    @Test
    @Order(1)
    void aVerifyAskedForThroughTheApiIsAJobAtOnceAndFindsTheVaultWhole() throws Exception {
        vault = Api.createVault("verify-" + SUFFIX, "backup-rg", "westeurope");
        disk = Api.disk("verify-" + SUFFIX, 8, 5150);
        item = Api.protectedVm("verify-" + SUFFIX, "verify-rg", disk, vault);
        Api.awaitJob(Api.backUpNow(vault, item, null), "Completed", Duration.ofSeconds(60));
        point = Api.recoveryPoints(vault, item).getString("items[0].id");

        String job = verify();
        given().get("/api/v1/jobs/{id}", job).then().statusCode(200)
                .body("operation", equalTo("Verify"))
                .body("status", equalTo("InProgress"));
        Api.awaitJob(job, "Completed", Duration.ofSeconds(60));
        given().post("/api/v1/vaults/{v}/verify", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    @Order(2)
    void aByteFlippedInThePrimaryCopyIsRepairedFromTheSecondaryAndTheRestoreIsByteIdentical() throws Exception {
        Path primary = BackupCenter.dataDirectory().resolve("vaults").resolve(vault).resolve("packs");
        List<Path> packs;
        try (Stream<Path> files = Files.walk(primary)) {
            packs = files.filter(Files::isRegularFile).toList();
        }
        assertThat(packs).isNotEmpty();
        byte[] good = Files.readAllBytes(packs.get(0));
        try (RandomAccessFile pack = new RandomAccessFile(packs.get(0).toFile(), "rw")) {
            long middle = pack.length() / 2;
            pack.seek(middle);
            int b = pack.read();
            pack.seek(middle);
            pack.write(b ^ 0x01);
        }

        var repaired = Api.awaitJob(verify(), "CompletedWithWarnings", Duration.ofSeconds(60));
        assertThat(repaired.getString("error.code")).isEqualTo("DamageRepaired");
        assertThat(repaired.getString("error.message")).contains("point " + point + " in the primary copy");
        assertThat(Files.readAllBytes(packs.get(0))).isEqualTo(good);

        Path target = BackupCenter.userFiles().resolve("restored/verify-" + SUFFIX);
        String restore = given().contentType("application/json")
                .body("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + target.toUri() + "\", \"sourceTier\": "
                        + "\"Vault\"}")
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vault, item, point)
                .then().statusCode(202).extract().path("jobId");
        Api.awaitJob(restore, "Completed", Duration.ofSeconds(60));
        assertThat(Files.mismatch(disk, target.resolve("osdisk.img"))).isEqualTo(-1L);
    }

    @Test
    @Order(3)
    void postgresCutDuringAVerifyFailsTheJobToRunAndReportsNoDamage() throws Exception {
        String job = verify();
        // The worker has begun this verification (it reads the point's data 2 s from now): take the database away.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> verifying(job));
        BackupCenter.cutDatabase();
        try {
            // Down for 5 s: past the moment the worker reads the point's chunk locations.
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        } finally {
            BackupCenter.restoreDatabase();
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get("/q/health")
                .then().statusCode(200).body("status", equalTo("UP")));
        var failed = Api.awaitJob(job, "Failed", Duration.ofSeconds(90));
        assertThat(failed.getString("error.code")).isEqualTo("VerifyFailed");
        assertThat(failed.getString("error.message")).contains("says nothing about its data");
        // And a verification after the outage finds the vault whole.
        Api.awaitJob(verify(), "Completed", Duration.ofSeconds(90));
    }

    /** The workers' database says verification {@code job} of the vault is running. */
    private static boolean verifying(String job) throws java.sql.SQLException {
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/backup_worker_systest",
                "backup", "backup");
             var query = connection.prepareStatement(
                     "select 1 from vault_verification where vault_id = ? and job_id = ? and finished_at is null")) {
            query.setString(1, vault);
            query.setString(2, job);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
