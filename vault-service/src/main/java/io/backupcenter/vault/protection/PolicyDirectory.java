package io.backupcenter.vault.protection;

import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.backup.SnapshotGroupPattern;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.ServiceTokens;
import io.backupcenter.kit.services.ServiceInstances;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;


/**
 * Answers "does this vault have this policy?" by asking policy-service, which owns policies. A vault's
 * DefaultPolicy needs no call: its id is derived from the vault's ({@link Ids#defaultPolicyId}), so a vault created a
 * moment ago can protect VMs before policy-service has seen it. Asks with this service's own Reader token: lookups
 * come from event consumers too, where no caller's token exists.
 */
@ApplicationScoped
public class PolicyDirectory {

    private static final Logger LOG = Logger.getLogger(PolicyDirectory.class);
    public static final String DEFAULT_POLICY = "DefaultPolicy";

    private final ServiceInstances services;
    private final ServiceTokens tokens;

    PolicyDirectory(ServiceInstances services, ServiceTokens tokens) {
        this.services = services;
        this.tokens = tokens;
    }

    /** {@code policyId} when the vault has that policy; else 404. */
    public Uni<String> requireId(String vaultId, String policyId) {
        if (policyId.equals(Ids.defaultPolicyId(vaultId))) {
            return Uni.createFrom().item(policyId);
        }
        if (!Ids.isWellFormed(vaultId) || !Ids.isWellFormed(policyId)) {
            return Uni.createFrom().failure(new PolicyNotFound(vaultId, policyId));
        }
        return get("/api/v1/vaults/" + vaultId + "/policies/" + policyId)
                .map(response -> {
                    if (response.statusCode() == 404) {
                        throw new PolicyNotFound(vaultId, policyId);
                    }
                    return policyId;
                });
    }

    /** The id of the vault's policy named {@code name}; else 404. */
    public Uni<String> idOfName(String vaultId, String name) {
        if (DEFAULT_POLICY.equalsIgnoreCase(name)) {
            return Uni.createFrom().item(Ids.defaultPolicyId(vaultId));
        }
        if (!Ids.isWellFormed(vaultId)) {
            return Uni.createFrom().failure(new PolicyNotFound(vaultId, name));
        }
        return get("/api/v1/vaults/" + vaultId + "/policies")
                .map(response -> {
                    if (response.statusCode() == 404) {
                        throw new PolicyNotFound(vaultId, name);
                    }
                    JsonArray items = response.bodyAsJsonObject().getJsonArray("items", new JsonArray());
                    for (int i = 0; i < items.size(); i++) {
                        JsonObject policy = items.getJsonObject(i);
                        if (name.equalsIgnoreCase(policy.getString("name"))) {
                            return policy.getString("id");
                        }
                    }
                    throw new PolicyNotFound(vaultId, name);
                });
    }

    /**
     * The policy's name pattern for snapshot resource groups, for backups requested here ("Back up now"); null for
     * the default {@code AzureBackupRG_<region>_<n>}, which the DefaultPolicy always uses.
     */
    public Uni<SnapshotGroupPattern> snapshotPattern(String vaultId, String policyId) {
        if (policyId.equals(Ids.defaultPolicyId(vaultId))) {
            return Uni.createFrom().nullItem();
        }
        if (!Ids.isWellFormed(vaultId) || !Ids.isWellFormed(policyId)) {
            return Uni.createFrom().failure(new PolicyNotFound(vaultId, policyId));
        }
        return get("/api/v1/vaults/" + vaultId + "/policies/" + policyId).map(response -> {
            if (response.statusCode() == 404) {
                throw new PolicyNotFound(vaultId, policyId);
            }
            JsonObject pattern = response.bodyAsJsonObject().getJsonObject("snapshotResourceGroup");
            return pattern == null ? null
                    : new SnapshotGroupPattern(pattern.getString("prefix"), pattern.getString("suffix", ""));
        });
    }

    private Uni<HttpResponse<Buffer>> get(String path) {
        return services.send("policy-service", HttpMethod.GET, path, tokens.token(), null)
                .onFailure().transform(failure -> {
                    LOG.warnf("policy-service did not answer %s: %s", path, Failures.describe(failure));
                    return new ApiException.Unavailable(
                            "The policy-service is unavailable, so the policy cannot be checked; try again shortly.");
                })
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 502 || status == 503 || status == 504) {
                        throw new ApiException.Unavailable("The policy-service answered " + status
                                + " when asked for a policy; try again shortly.");
                    }
                    if (status != 200 && status != 404) {
                        // Not an outage: waiting would not change the answer.
                        throw new IllegalStateException("policy-service answered " + status + " to " + path);
                    }
                    return response;
                });
    }
}
