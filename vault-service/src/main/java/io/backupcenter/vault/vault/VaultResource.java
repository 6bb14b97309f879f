package io.backupcenter.vault.vault;

import io.backupcenter.kit.api.Items;
import io.backupcenter.kit.api.JobAccepted;
import io.backupcenter.kit.api.Responses;
import io.backupcenter.kit.security.Caller;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.kit.security.Roles;
import io.backupcenter.vault.protection.ProtectedItemRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Recovery Services vaults; a caller sees and creates only those in their resource groups. */
@Path("/api/v1/vaults")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VaultResource {

    private final VaultService vaults;
    private final Caller caller;

    VaultResource(VaultService vaults, Caller caller) {
        this.vaults = vaults;
        this.caller = caller;
    }

    @RolesAllowed(Roles.OWNER)
    @POST
    public Uni<RestResponse<VaultView>> create(@Valid @NotNull CreateVaultRequest body) {
        caller.scope().requireAllows(body.resourceGroup(), "creating a vault");
        return vaults.create(body)
                .map(vault -> Responses.created("/api/v1/vaults/" + vault.id,
                        VaultView.from(vault, ProtectedItemRepository.Counts.NONE)));
    }

    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Items<VaultView>> list(@QueryParam("resourceGroup") String resourceGroup,
            @QueryParam("region") String region, @QueryParam("name") String name) {
        ResourceGroupScope scope = caller.scope();
        return vaults.list(resourceGroup, region, name)
                .map(all -> all.stream().filter(vault -> scope.allows(vault.resourceGroup)).toList())
                .chain(list -> vaults.counts(list.stream().map(v -> v.id).toList())
                        .map(counts -> Items.of(list.stream()
                                .map(v -> VaultView.from(v, counts.getOrDefault(v.id, ProtectedItemRepository.Counts.NONE)))
                                .toList())));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("{vaultId}")
    public Uni<VaultView> get(@RestPath String vaultId) {
        return vaults.get(vaultId).chain(this::view);
    }

    /**
     * Verifies the vault now: 202 with the Verify job, which reads back every recovery point in the vault tier (every
     * copy of a geo-redundant vault, repairing a damaged copy from a good one) and says what it found.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{vaultId}/verify")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<JobAccepted>> verify(@RestPath String vaultId) {
        return vaults.verify(vaultId, caller.name()).map(JobAccepted::response);
    }

    /** Changes the vault's soft-delete setting (the rest of a vault is fixed once created). */
    @RolesAllowed(Roles.OWNER)
    @PATCH
    @Path("{vaultId}")
    public Uni<VaultView> update(@RestPath String vaultId, @Valid @NotNull UpdateVaultRequest body) {
        return vaults.update(vaultId, body).chain(this::view);
    }

    @RolesAllowed(Roles.OWNER)
    @DELETE
    @Path("{vaultId}")
    public Uni<RestResponse<Void>> delete(@RestPath String vaultId) {
        return vaults.delete(vaultId).map(ignored -> RestResponse.noContent());
    }

    private Uni<VaultView> view(Vault vault) {
        return vaults.counts(List.of(vault.id)).map(counts -> VaultView.from(vault,
                counts.getOrDefault(vault.id, ProtectedItemRepository.Counts.NONE)));
    }
}
