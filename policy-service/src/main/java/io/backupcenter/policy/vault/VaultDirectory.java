package io.backupcenter.policy.vault;

import io.backupcenter.contracts.Ids;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.ServiceTokens;
import io.backupcenter.kit.services.ServiceInstances;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What policy-service asks vault-service, which owns vaults and protected items: a vault it has not heard of yet
 * (read-through, so a vault's policies can be read the moment the vault exists), whether a policy may be deleted
 * (vault-service decides, under the lock every protection of an item takes on its policy), and, for reconciliation,
 * every vault, protected item and retired policy. Any instance of vault-service answers ({@link ServiceInstances}).
 */
@ApplicationScoped
public class VaultDirectory {

    private static final Logger LOG = Logger.getLogger(VaultDirectory.class);

    /** A vault as vault-service holds it. */
    public record RemoteVault(String id, String name, String resourceGroup, String region, String storageRedundancy,
            Instant createdAt) {
    }

    /**
     * A protected item as vault-service holds it, for reconciliation; {@code scheduleError} when it shows that
     * policy-service cannot schedule it.
     */
    public record RemoteItem(String id, String vaultId, String policyId, String protectionState, JsonObject vm,
            boolean scheduleError, Instant updatedAt) {
    }

    /** A recovery point of vault-service's catalog, with the expiry dates it has (null while none). */
    public record RemotePoint(String id, String protectedItemId, String vaultId, Instant time, String trigger,
            Instant scheduledFor, Instant retainUntil, boolean inSnapshotTier, boolean inVaultTier,
            Instant snapshotExpiresAt, Instant vaultExpiresAt, Instant createdAt) {
    }

    /** One page of recovery points; {@code next} is the cursor of the following page, or null. */
    public record PointPage(List<RemotePoint> items, String next) {
    }

    /** One page of protected items; {@code next} is the cursor of the following page, or null. */
    public record ItemPage(List<RemoteItem> items, String next) {
    }

    private final ServiceInstances services;
    private final ServiceTokens tokens;

    VaultDirectory(ServiceInstances services, ServiceTokens tokens) {
        this.services = services;
        this.tokens = tokens;
    }

    /** The vault, or null when vault-service has none of this id. */
    public Uni<RemoteVault> vault(String vaultId) {
        if (!Ids.isWellFormed(vaultId)) {
            return Uni.createFrom().nullItem();
        }
        return send(HttpMethod.GET, "/api/v1/vaults/" + vaultId, tokens.token(), "the vault")
                .map(response -> {
                    if (response.statusCode() == 404) {
                        return null;
                    }
                    requireOk(response, "the vault");
                    RemoteVault vault = vaultOf(response.bodyAsJsonObject());
                    return vaultId.equals(vault.id()) ? vault : null;
                });
    }

    /** Every vault. */
    public Uni<List<RemoteVault>> vaults() {
        return send(HttpMethod.GET, "/api/v1/vaults", tokens.token(), "the vaults").map(response -> {
            requireOk(response, "the vaults");
            JsonArray items = response.bodyAsJsonObject().getJsonArray("items", new JsonArray());
            List<RemoteVault> vaults = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                vaults.add(vaultOf(items.getJsonObject(i)));
            }
            return vaults;
        });
    }

    /**
     * Asks vault-service to retire the policy, on behalf of the caller ({@code bearer}, whose role and resource groups
     * vault-service checks): it refuses (409, with the number of items) while any item uses it, and from then on no
     * item can be put on it. Fails with the problem vault-service answered.
     */
    public Uni<Void> retirePolicy(String vaultId, String policyId, String bearer) {
        if (!Ids.isWellFormed(vaultId) || !Ids.isWellFormed(policyId)) {
            return Uni.createFrom().failure(new VaultNotFound(vaultId));
        }
        return send(HttpMethod.POST, "/internal/v1/vaults/" + vaultId + "/policies/" + policyId + "/retirement", bearer,
                "whether the policy is in use")
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 204 || status == 200) {
                        return null;
                    }
                    String detail = detailOf(response);
                    throw switch (status) {
                        case 409 -> new ApiException.Conflict("policy-in-use", detail);
                        case 404 -> new VaultNotFound(vaultId);
                        case 403 -> new ApiException.Forbidden(detail);
                        case 502, 503, 504 -> new ApiException.Unavailable("The vault-service answered " + status
                                + " when asked whether the policy is in use; try again shortly.");
                        default -> new IllegalStateException("vault-service answered " + status
                                + " when asked to retire policy " + policyId);
                    };
                });
    }

    /** A policy vault-service retired (deleted), and when. */
    public record RetiredPolicy(String policyId, Instant retiredAt) {
    }

    /** Every policy vault-service has retired. */
    public Uni<List<RetiredPolicy>> retiredPolicies() {
        return send(HttpMethod.GET, "/internal/v1/retired-policies", tokens.token(), "the retired policies")
                .map(response -> {
                    requireOk(response, "the retired policies");
                    JsonArray items = response.bodyAsJsonObject().getJsonArray("items", new JsonArray());
                    List<RetiredPolicy> retired = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        JsonObject item = items.getJsonObject(i);
                        retired.add(new RetiredPolicy(item.getString("policyId"), instant(item.getString("retiredAt"))));
                    }
                    return retired;
                });
    }

    /** A page of every vault's protected items, by id, after {@code cursor} (null: from the start). */
    public Uni<ItemPage> items(String cursor, int limit) {
        return send(HttpMethod.GET, "/internal/v1/protected-items?limit=" + limit
                        + (cursor == null ? "" : "&after=" + cursor), tokens.token(), "the protected items")
                .map(response -> {
                    requireOk(response, "the protected items");
                    JsonObject body = response.bodyAsJsonObject();
                    JsonArray items = body.getJsonArray("items", new JsonArray());
                    List<RemoteItem> page = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        JsonObject item = items.getJsonObject(i);
                        page.add(new RemoteItem(item.getString("id"), item.getString("vaultId"),
                                item.getString("policyId"), item.getString("protectionState"),
                                item.getJsonObject("vm"), item.getString("scheduleError") != null,
                                instant(item.getString("updatedAt"))));
                    }
                    return new ItemPage(page, body.getString("nextCursor"));
                });
    }

    /** A page of every recovery point of the catalog, by id, after {@code cursor} (null: from the start). */
    public Uni<PointPage> points(String cursor, int limit) {
        return send(HttpMethod.GET, "/internal/v1/recovery-points?limit=" + limit
                        + (cursor == null ? "" : "&after=" + cursor), tokens.token(), "the recovery points")
                .map(response -> {
                    requireOk(response, "the recovery points");
                    JsonObject body = response.bodyAsJsonObject();
                    JsonArray items = body.getJsonArray("items", new JsonArray());
                    List<RemotePoint> page = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        JsonObject point = items.getJsonObject(i);
                        page.add(new RemotePoint(point.getString("id"), point.getString("protectedItemId"),
                                point.getString("vaultId"), instant(point.getString("time")),
                                point.getString("trigger"), instantOrNull(point.getString("scheduledFor")),
                                instantOrNull(point.getString("retainUntil")),
                                point.getBoolean("inSnapshotTier", false), point.getBoolean("inVaultTier", false),
                                instantOrNull(point.getString("snapshotExpiresAt")),
                                instantOrNull(point.getString("vaultExpiresAt")),
                                instant(point.getString("createdAt"))));
                    }
                    return new PointPage(page, body.getString("nextCursor"));
                });
    }

    private static Instant instantOrNull(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static RemoteVault vaultOf(JsonObject vault) {
        return new RemoteVault(vault.getString("id"), vault.getString("name"), vault.getString("resourceGroup"),
                vault.getString("region"), vault.getString("storageRedundancy"), instant(vault.getString("createdAt")));
    }

    private static Instant instant(String text) {
        return text == null ? Instant.EPOCH : Instant.parse(text);
    }

    private static void requireOk(HttpResponse<Buffer> response, String what) {
        int status = response.statusCode();
        if (status == 502 || status == 503 || status == 504) {
            throw new ApiException.Unavailable("The vault-service answered " + status + " when asked for " + what
                    + "; try again shortly.");
        }
        if (status != 200) {
            // Not an outage: waiting would not change the answer.
            throw new IllegalStateException("vault-service answered " + status + " when asked for " + what);
        }
    }

    private static String detailOf(HttpResponse<Buffer> response) {
        try {
            return response.bodyAsJsonObject().getString("detail", "The vault-service refused the request.");
        } catch (RuntimeException notJson) {
            return "The vault-service refused the request.";
        }
    }

    /** Sends to an instance of vault-service (another while one cannot be reached); 503 when none can be. */
    private Uni<HttpResponse<Buffer>> send(HttpMethod method, String path, String bearer, String what) {
        return services.send("vault-service", method, path, bearer, null)
                .onFailure().transform(failure -> {
                    LOG.warnf("vault-service did not answer %s %s: %s", method, path, Failures.describe(failure));
                    return new ApiException.Unavailable("The vault-service is unavailable, so " + what
                            + " cannot be checked; try again shortly.");
                });
    }
}
