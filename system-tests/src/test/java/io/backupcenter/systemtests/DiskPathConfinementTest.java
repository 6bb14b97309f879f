package io.backupcenter.systemtests;

import io.backupcenter.kit.security.LocalIssuer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Disk paths are a security boundary (README "Security"): a VM's disks must lie under the disk roots, a restore
 * writes under the restore roots, the service's own state is refused whatever the roots say, paths are resolved
 * (symbolic links, {@code ..}) before the check and again when the worker opens them, and a disk belongs to one VM.
 * Here the roots are the tests' {@code vms/} directory (and {@code /var/lib/vms}); the data directory, with the token
 * signing key, is beside it.
 */
@ExtendWith(BackupCenter.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskPathConfinementTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String GROUP = "paths-" + SUFFIX;
    private static String vaultId;
    private static String itemId;
    private static String pointId;
    private static Path disk;

    private static Path signingKey() {
        return BackupCenter.dataDirectory().resolve("keys").resolve(LocalIssuer.PRIVATE_KEY_FILE);
    }

    private static ValidatableResponse register(String name, String source) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "%s", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "%s"}]}""".formatted(name, GROUP, source))
                .post("/api/v1/virtual-machines")
                .then();
    }

    @Test
    @Order(1)
    void aDiskOutsideTheRootsOrInTheServicesOwnStateIsRefusedAndNothingIsRegistered() throws IOException {
        Path disks = Files.createDirectories(BackupCenter.userFiles().resolve("disks/" + SUFFIX));
        Files.createDirectories(disks.resolve("a"));
        Path keyLink = Files.createSymbolicLink(disks.resolve("innocent.img"), signingKey());

        register("shadow", "file:///etc/shadow").statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("disks[0].source"))
                .body("detail", containsString("refused whatever the roots say"));
        register("key", signingKey().toUri().toString()).statusCode(400)
                .body("detail", containsString("refused whatever the roots say"));
        register("keylink", keyLink.toUri().toString()).statusCode(400)
                .body("detail", containsString(BackupCenter.dataDirectory().toString()));
        // ".." is followed as the operating system follows it: out of the roots, into the data directory.
        String climbing = "file://" + disks + "/a/../../../../data/keys/" + LocalIssuer.PRIVATE_KEY_FILE;
        register("climb", climbing).statusCode(400)
                .body("detail", containsString("refused whatever the roots say"));
        register("outside", "file:///opt/disks/outside-" + SUFFIX + ".img").statusCode(400)
                .body("detail", containsString("outside the directories allowed for disk sources"))
                .body("detail", containsString(BackupCenter.userFiles().toString()));

        given().queryParam("resourceGroup", GROUP).get("/api/v1/virtual-machines")
                .then().statusCode(200).body("items", empty());
    }

    @Test
    @Order(2)
    void aDiskBelongsToOneVm() throws IOException {
        disk = Api.disk("paths-" + SUFFIX, 4, 15);
        vaultId = Api.createVault("paths-" + SUFFIX, GROUP, "westeurope");
        itemId = Api.protectedVm("owner-" + SUFFIX, GROUP, disk, vaultId);

        register("thief-" + SUFFIX, disk.toUri().toString()).statusCode(409)
                .body("detail", containsString("already a disk of another VM"));
        Path alias = Files.createSymbolicLink(disk.resolveSibling("alias-" + SUFFIX + ".img"), disk);
        register("alias-" + SUFFIX, alias.toUri().toString()).statusCode(409);
        given().queryParam("resourceGroup", GROUP).get("/api/v1/virtual-machines")
                .then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    @Order(3)
    void aRestoreTargetOutsideTheRootsIsRefusedAndNothingIsWritten() {
        String job = Api.backUpNow(vaultId, itemId, null);
        Api.awaitJob(job, "Completed", Duration.ofSeconds(90));
        pointId = Api.recoveryPoints(vaultId, itemId).getString("items[0].id");

        Path intoData = BackupCenter.dataDirectory().resolve("stolen-" + SUFFIX);
        Path intoTmp = Path.of("/tmp/stolen-" + SUFFIX);
        for (Path target : java.util.List.of(intoData, intoTmp, Path.of("/etc/stolen-" + SUFFIX))) {
            restore("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + target.toUri() + "\"}")
                    .statusCode(400)
                    .body("errors[0].field", equalTo("target"));
            assertThat(target).doesNotExist();
        }
        // Not into a directory holding a registered VM's disks either: a restore never writes over another VM.
        restore("{\"restoreType\": \"RestoreDisks\", \"target\": \"" + disk.getParent().toUri() + "\"}")
                .statusCode(409).body("detail", containsString("holds disks of a registered VM"));
        assertThat(disk.resolveSibling("osdisk.img")).doesNotExist();
    }

    @Test
    @Order(4)
    void aDiskSwappedForALinkToTheKeysAfterRegistrationIsNotRead() throws IOException {
        Files.delete(disk);
        Files.createSymbolicLink(disk, signingKey());
        String job = Api.backUpNow(vaultId, itemId, null);

        var failed = Api.awaitJob(job, "Failed", Duration.ofSeconds(90));
        assertThat(failed.getString("error.code")).isEqualTo("DiskPathRefused");
        assertThat(failed.getString("error.message")).contains("refused whatever the roots say");
        // Only the first point: nothing of the key was backed up.
        given().get("/api/v1/vaults/{v}/protected-items/{i}/recovery-points", vaultId, itemId)
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(pointId));
    }

    private static ValidatableResponse restore(String body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults/{v}/protected-items/{i}/recovery-points/{rp}/restore", vaultId, itemId, pointId)
                .then();
    }
}
