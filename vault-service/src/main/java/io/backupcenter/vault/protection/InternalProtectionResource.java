package io.backupcenter.vault.protection;

import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.api.Items;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.Caller;
import io.backupcenter.kit.security.Roles;
import io.backupcenter.vault.catalog.RecoveryPointRepository;
import io.backupcenter.vault.catalog.RecoveryPointRetention;
import io.backupcenter.vault.catalog.RecoveryPointRetentionRepository;
import io.backupcenter.vault.vault.VaultNotFound;
import io.backupcenter.vault.vault.VaultRepository;
import io.backupcenter.vault.vm.VirtualMachine;
import io.backupcenter.vault.vm.VmRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What other services ask vault-service, the owner of protected items, outside the public API (the gateway does not
 * route {@code /internal}): whether a policy may be deleted (policy-service, on behalf of the caller deleting it), and
 * for reconciliation every item with its policy, state and VM, and the retired policies (services only).
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class InternalProtectionResource {

    /** The most items one page holds. */
    static final int MAX_PAGE = 1000;

    private final PolicyRetirement retirement;
    private final PolicyDirectory policies;
    private final ProtectedItemRepository items;
    private final RecoveryPointRepository points;
    private final RecoveryPointRetentionRepository retentions;
    private final VaultRepository vaults;
    private final VmRepository vms;
    private final Caller caller;

    InternalProtectionResource(PolicyRetirement retirement, PolicyDirectory policies, ProtectedItemRepository items,
            RecoveryPointRepository points, RecoveryPointRetentionRepository retentions, VaultRepository vaults,
            VmRepository vms, Caller caller) {
        this.retirement = retirement;
        this.policies = policies;
        this.items = items;
        this.points = points;
        this.retentions = retentions;
        this.vaults = vaults;
        this.vms = vms;
        this.caller = caller;
    }

    /**
     * A protected item as reconciliation compares it; {@code scheduleError} is the code of the scheduling error it
     * shows, or null.
     */
    public record ItemState(String id, String vaultId, String policyId, ProtectionState protectionState, VmSpec vm,
            String scheduleError, java.time.Instant updatedAt) {
    }

    /**
     * A recovery point as reconciliation compares it: the tiers holding it and the expiry dates the catalog has from
     * policy-service (null while it has none).
     */
    public record PointState(String id, String protectedItemId, String vaultId, java.time.Instant time,
            String trigger, java.time.Instant scheduledFor, java.time.Instant retainUntil, boolean inSnapshotTier,
            boolean inVaultTier, java.time.Instant snapshotExpiresAt, java.time.Instant vaultExpiresAt,
            java.time.Instant createdAt) {
    }

    /** A page of points; {@code nextCursor} is null on the last. */
    public record PointPage(List<PointState> items, String nextCursor) {
    }

    /** A page of items; {@code nextCursor} is null on the last. */
    public record ItemPage(List<ItemState> items, String nextCursor) {
    }

    /**
     * Retires the vault's policy before policy-service deletes it: 204, or 409 while any item uses it. The caller is
     * the person deleting the policy (a Contributor whose resource groups hold the vault, else 404).
     */
    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    @Path("vaults/{vaultId}/policies/{policyId}/retirement")
    public Uni<RestResponse<Void>> retire(@RestPath String vaultId, @RestPath String policyId) {
        var scope = caller.scope();
        return Panache.withSession(() -> vaults.findById(vaultId))
                .map(vault -> vault != null && scope.allows(vault.resourceGroup) ? vault : null)
                .onItem().ifNull().failWith(() -> new VaultNotFound(vaultId))
                // Only a policy of this vault (as policy-service says, asked before any transaction is open).
                .chain(vault -> policies.requireId(vaultId, policyId))
                .chain(policy -> Panache.withTransaction(() -> retirement.retire(vaultId, policyId)))
                .replaceWith(RestResponse.noContent());
    }

    /** Every retired (deleted) policy, with when it was retired. */
    @RolesAllowed(Roles.SERVICE)
    @GET
    @Path("retired-policies")
    public Uni<Items<PolicyRetirement.Retired>> retired() {
        return Panache.withSession(retirement::retired).map(Items::of);
    }

    /** Every vault's protected items, by id, {@code limit} (at most 1000) after {@code after}. */
    @RolesAllowed(Roles.SERVICE)
    @GET
    @Path("protected-items")
    public Uni<ItemPage> items(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        int size = pageSize(limit);
        return Panache.withSession(() -> items.page(after, size).chain(page -> (page.isEmpty()
                        ? Uni.createFrom().item(List.<VirtualMachine>of())
                        : vms.list("id in ?1", page.stream().map(item -> item.vmId).toList()))
                .map(found -> {
                    Map<String, VirtualMachine> byId = found.stream()
                            .collect(Collectors.toMap(vm -> vm.id, Function.identity()));
                    List<ItemState> states = page.stream().map(item -> new ItemState(item.id, item.vaultId,
                            item.policyId, item.protectionState(),
                            byId.containsKey(item.vmId) ? byId.get(item.vmId).toSpec() : null,
                            item.scheduleError() == null ? null : item.scheduleError()[0], item.updatedAt)).toList();
                    return new ItemPage(states, page.size() < size ? null : page.get(page.size() - 1).id);
                })));
    }

    /** Every recovery point of the catalog, by id, {@code limit} (at most 1000) after {@code after}. */
    @RolesAllowed(Roles.SERVICE)
    @GET
    @Path("recovery-points")
    public Uni<PointPage> points(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        int size = pageSize(limit);
        return Panache.withSession(() -> points.page(after, size).chain(page -> retentions
                .of(page.stream().map(point -> point.id).toList())
                .map(expiries -> new PointPage(page.stream().map(point -> {
                    RecoveryPointRetention expiry = expiries.get(point.id);
                    return new PointState(point.id, point.protectedItemId, point.vaultId, point.time,
                            point.trigger, point.scheduledFor, point.retainUntil, point.inSnapshotTier,
                            point.inVaultTier,
                            expiry == null ? null : expiry.snapshotExpiresAt,
                            expiry == null ? null : expiry.vaultExpiresAt, point.createdAt);
                }).toList(), page.size() < size ? null : page.get(page.size() - 1).id))));
    }

    private static int pageSize(Integer limit) {
        int size = limit == null ? MAX_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiException.BadRequest("limit", "must be between 1 and " + MAX_PAGE);
        }
        return size;
    }
}
