package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway uses every instance of a service and routes around a dead one: with one of the two vault-service
 * instances killed (SIGKILL), every request keeps succeeding, reads and writes, the gateway's and the other services'
 * (policy-service reading a new vault through from vault-service); then the same with the other instance killed.
 */
@ExtendWith(BackupCenter.class)
class ServiceFailoverTest {

    @Test
    void withEitherVaultServiceInstanceKilledEveryRequestStillSucceeds() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (String killed : List.of("vault-service-2", "vault-service")) {
            BackupCenter.kill(killed);
            try {
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    String name = "fo-" + run + "-" + killed.length() + "-" + i;
                    var created = given().contentType(ContentType.JSON)
                            .body("{\"name\": \"" + name + "\", \"resourceGroup\": \"failover-rg\", "
                                    + "\"region\": \"westeurope\"}")
                            .post("/api/v1/vaults");
                    if (created.statusCode() != 201) {
                        failures.add("create vault: " + created.statusCode() + " " + created.asString());
                        continue;
                    }
                    String vaultId = created.path("id");
                    int[] reads = {
                            given().get("/api/v1/vaults/{v}", vaultId).statusCode(),
                            given().get("/api/v1/vaults/{v}/policies", vaultId).statusCode(),
                            given().get("/api/v1/vaults").statusCode(),
                            given().get("/api/v1/virtual-machines").statusCode()};
                    for (int status : reads) {
                        if (status != 200) {
                            failures.add("read of vault " + vaultId + ": " + status);
                        }
                    }
                }
                assertThat(failures).as("requests with " + killed + " killed").isEmpty();
            } finally {
                BackupCenter.restart(killed);
            }
        }
    }
}
