package io.backupcenter.systemtests;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-service invariants under ordinary races, through the gateway, with several clients at once and two
 * instances each of vault-service and policy-service: a policy an item uses is never deleted and an item's policy
 * always exists; a vault with items is never deleted; a VM is protected by one vault at most. And read-your-writes:
 * after any 2xx the very next request sees the write (a vault's policies, a VM, an item, its ConfigureBackup job, a
 * Back up now job) with no sleep and no retry. Every violation and every missed read is collected, and the test
 * asserts there are none.
 */
@ExtendWith(BackupCenter.class)
class InvariantRaceTest {

    private static final int CLIENTS = 4;
    /** Protect, then delete the policy, back to back, per client: 4 × 52 = 208 pairs. */
    private static final int SEQUENTIAL_PAIRS = 52;
    /** Protect and delete the policy at the same moment, per client: 4 × 15 = 60 pairs. */
    private static final int CONCURRENT_PAIRS = 15;
    private static final String POLICY = """
            {"name": "%s", "policyType": "Standard", "schedule": {"frequency": "Daily", "times": ["%s"]},
             "timeZone": "UTC", "retention": {"daily": {"count": 7}}}""";

    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> missedReads = Collections.synchronizedList(new ArrayList<>());

    @Test
    void protectingAndDeletingThePolicyNeverLeavesAnItemOnADeletedPolicyAndEveryWriteIsReadAtOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String vaultId = vaultWithItsPoliciesReadAtOnce("race-" + run);
        AtomicInteger protectedItems = new AtomicInteger();
        AtomicInteger refusedDeletes = new AtomicInteger();
        List<String[]> items = Collections.synchronizedList(new ArrayList<>());

        inParallel(CLIENTS, client -> {
            for (int i = 0; i < SEQUENTIAL_PAIRS; i++) {
                String policyId = createPolicy(vaultId, "seq-" + run + "-" + client + "-" + i);
                String vmId = registerVm("seq-" + run + "-" + client + "-" + i);
                Response protect = protect(vaultId, policyId, vmId);
                int deleted = deletePolicy(vaultId, policyId);
                int result = statusOf(protect);
                if (result == 201) {
                    protectedItems.incrementAndGet();
                    String itemId = protect.path("results[0].protectedItem.id");
                    items.add(new String[] {itemId, policyId});
                    if (deleted != 409) {
                        violations.add("policy " + policyId + " deleted (" + deleted + ") right after item " + itemId
                                + " was protected on it");
                    } else {
                        refusedDeletes.incrementAndGet();
                    }
                    readsBack(vaultId, vmId, itemId, protect.path("results[0].jobId"));
                } else {
                    violations.add("protecting VM " + vmId + " on an existing policy answered " + result);
                }
            }
        });
        inParallel(CLIENTS, client -> {
            for (int i = 0; i < CONCURRENT_PAIRS; i++) {
                String policyId = createPolicy(vaultId, "par-" + run + "-" + client + "-" + i);
                String vmId = registerVm("par-" + run + "-" + client + "-" + i);
                CompletableFuture<Response> protect = CompletableFuture.supplyAsync(
                        () -> protect(vaultId, policyId, vmId));
                int deleted = deletePolicy(vaultId, policyId);
                Response protection = protect.join();
                int result = statusOf(protection);
                if (result == 201) {
                    items.add(new String[] {protection.path("results[0].protectedItem.id"), policyId});
                }
                if (result == 201 && deleted == 204) {
                    violations.add("policy " + policyId + " deleted while item protected on it at the same moment");
                }
                if (result != 201 && deleted != 204) {
                    violations.add("neither the protection (" + result + ") nor the delete (" + deleted + ") of "
                            + policyId + " succeeded");
                }
            }
        });

        for (String[] item : items) {
            int policy = given().get("/api/v1/vaults/{v}/policies/{p}", vaultId, item[1]).statusCode();
            String itemPolicy = given().get("/api/v1/vaults/{v}/protected-items/{i}", vaultId, item[0])
                    .then().statusCode(200).extract().path("policyId");
            if (policy != 200 || !item[1].equals(itemPolicy)) {
                violations.add("item " + item[0] + " is on policy " + itemPolicy + ", which answers " + policy);
            }
        }
        assertThat(violations).isEmpty();
        assertThat(missedReads).isEmpty();
        assertThat(protectedItems.get()).isEqualTo(CLIENTS * SEQUENTIAL_PAIRS);
        assertThat(refusedDeletes.get()).isEqualTo(CLIENTS * SEQUENTIAL_PAIRS);
    }

    @Test
    void aVaultIsNeverDeletedWhileAnItemIsBeingProtectedInIt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        inParallel(CLIENTS, client -> {
            for (int i = 0; i < 5; i++) {
                String vaultId = vaultWithItsPoliciesReadAtOnce("vdel-" + run + "-" + client + "-" + i);
                String vmId = registerVm("vdel-" + run + "-" + client + "-" + i);
                CompletableFuture<Response> protect = CompletableFuture.supplyAsync(
                        () -> protect(vaultId, null, vmId));
                int deleted = given().delete("/api/v1/vaults/{v}", vaultId).statusCode();
                int result = statusOf(protect.join());
                if (deleted == 204 && result == 201) {
                    violations.add("vault " + vaultId + " deleted while VM " + vmId + " was protected in it");
                }
                if (deleted != 204 && result != 201) {
                    violations.add("neither the protection (" + result + ") nor the delete (" + deleted
                            + ") of vault " + vaultId + " succeeded");
                }
                if (result == 201 && given().get("/api/v1/vaults/{v}", vaultId).statusCode() != 200) {
                    violations.add("vault " + vaultId + " of a protected item is gone");
                }
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void aVmProtectedByTwoVaultsAtTheSameMomentEndsInOneOnly() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String first = vaultWithItsPoliciesReadAtOnce("one-" + run);
        String second = vaultWithItsPoliciesReadAtOnce("two-" + run);
        inParallel(CLIENTS, client -> {
            for (int i = 0; i < 5; i++) {
                String vmId = registerVm("both-" + run + "-" + client + "-" + i);
                CompletableFuture<Response> one = CompletableFuture.supplyAsync(() -> protect(first, null, vmId));
                Response two = protect(second, null, vmId);
                List<Integer> results = List.of(statusOf(one.join()), statusOf(two));
                if (Collections.frequency(results, 201) != 1) {
                    violations.add("VM " + vmId + " protected by both vaults at once: " + results);
                }
                String holder = given().get("/api/v1/virtual-machines/{vm}", vmId).then().statusCode(200)
                        .extract().path("protection.vaultId");
                if (holder == null) {
                    missedReads.add("VM " + vmId + " shows no protection right after it was protected");
                }
            }
        });
        assertThat(violations).isEmpty();
        assertThat(missedReads).isEmpty();
    }

    @Test
    void aBackUpNowJobIsReadableTheMomentIts202Answers() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String vaultId = vaultWithItsPoliciesReadAtOnce("now-" + run);
        inParallel(2, client -> {
            for (int i = 0; i < 5; i++) {
                String vmId = registerVm("now-" + run + "-" + client + "-" + i);
                String itemId = protect(vaultId, null, vmId).path("results[0].protectedItem.id");
                String jobId = Api.backUpNow(vaultId, itemId, null);
                Response job = given().get("/api/v1/jobs/{id}", jobId);
                if (job.statusCode() != 200) {
                    missedReads.add("Back up now job " + jobId + " answered " + job.statusCode() + " right after 202");
                }
                Response listed = given().queryParam("protectedItemId", itemId).queryParam("operation", "Backup")
                        .get("/api/v1/jobs");
                if (!listed.path("items.id").toString().contains(jobId)) {
                    missedReads.add("Back up now job " + jobId + " is not listed right after its 202");
                }
            }
        });
        assertThat(missedReads).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A new vault whose DefaultPolicy the very next request lists. */
    private String vaultWithItsPoliciesReadAtOnce(String name) {
        String vaultId = Api.createVault(name, "race-rg", "westeurope");
        Response policies = given().get("/api/v1/vaults/{v}/policies", vaultId);
        if (policies.statusCode() != 200 || !policies.path("items.name").toString().contains("DefaultPolicy")) {
            missedReads.add("vault " + vaultId + ": policies right after its 201 answered " + policies.statusCode()
                    + " " + policies.asString());
        }
        return vaultId;
    }

    private String createPolicy(String vaultId, String name) {
        return given().contentType(ContentType.JSON).body(POLICY.formatted(name, Api.timeOfDayFarFromNow()))
                .post("/api/v1/vaults/{v}/policies", vaultId)
                .then().statusCode(201).extract().path("id");
    }

    /** A VM without backup, which the very next request reads. */
    private String registerVm(String name) {
        String vmId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "resourceGroup": "race-rg", "region": "westeurope", "osType": "Linux",
                         "disks": [{"name": "osdisk", "lun": -1, "source": "file:///var/lib/vms/%s.img"}]}"""
                        .formatted(name, name))
                .post("/api/v1/virtual-machines")
                .then().statusCode(201).extract().path("id");
        int read = given().get("/api/v1/virtual-machines/{vm}", vmId).statusCode();
        if (read != 200) {
            missedReads.add("VM " + vmId + " answered " + read + " right after its 201");
        }
        return vmId;
    }

    private static Response protect(String vaultId, String policyId, String vmId) {
        String body = policyId == null ? "{\"vmIds\": [\"" + vmId + "\"]}"
                : "{\"policyId\": \"" + policyId + "\", \"vmIds\": [\"" + vmId + "\"]}";
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/v1/vaults/{v}/protected-items", vaultId);
    }

    /** The VM's result in a protection's answer; the answer's own status when it has none (a whole-call 404). */
    private static int statusOf(Response protection) {
        return protection.statusCode() == 200 ? protection.path("results[0].status") : protection.statusCode();
    }

    private static int deletePolicy(String vaultId, String policyId) {
        return given().delete("/api/v1/vaults/{v}/policies/{p}", vaultId, policyId).statusCode();
    }

    /** Right after protection: the item in its vault's list, by id, on its VM, and its ConfigureBackup job. */
    private void readsBack(String vaultId, String vmId, String itemId, String configureBackupJobId) {
        if (!given().get("/api/v1/vaults/{v}/protected-items", vaultId).path("items.id").toString().contains(itemId)) {
            missedReads.add("item " + itemId + " is not in its vault's list right after protection");
        }
        String onVm = given().get("/api/v1/virtual-machines/{vm}", vmId).path("protection.protectedItemId");
        if (!itemId.equals(onVm)) {
            missedReads.add("VM " + vmId + " shows item " + onVm + " right after it was protected as " + itemId);
        }
        int job = given().get("/api/v1/jobs/{id}", configureBackupJobId).statusCode();
        if (job != 200) {
            missedReads.add("ConfigureBackup job " + configureBackupJobId + " answered " + job
                    + " right after protection");
        }
    }

    /** A client's work, by client number. */
    @FunctionalInterface
    private interface ClientWork {
        void run(int client) throws Exception;
    }

    private static void inParallel(int clients, ClientWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int number = client;
                runs.add(CompletableFuture.runAsync(() -> {
                    try {
                        work.run(number);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }
}
