package io.backupcenter.vault.vm;

import io.backupcenter.kit.api.Items;
import io.backupcenter.kit.api.Responses;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.Caller;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The VM inventory (protectable items). */
@Path("/api/v1/virtual-machines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VmResource {

    private final VmService vms;
    private final Caller caller;

    VmResource(VmService vms, Caller caller) {
        this.vms = vms;
        this.caller = caller;
    }

    /** Registers a VM; its {@code backup} block enables protection at once (the item starts {@code IRPending}). */
    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    public Uni<RestResponse<VmView>> register(@Valid @NotNull VmRequests.Register body) {
        ResourceGroupScope scope = caller.scope();
        if (body.resourceGroup() != null) {
            scope.requireAllows(body.resourceGroup(), "registering a VM");
        }
        VmRequests.NewVault newVault = body.backup() == null ? null : body.backup().newVault();
        if (newVault != null) {
            if (!caller.holds(Roles.OWNER)) {
                throw new ApiException.Forbidden("Creating a vault (backup.newVault) needs the Owner role; name an "
                        + "existing vault with backup.vaultId instead.");
            }
            if (newVault.resourceGroup() != null) {
                scope.requireAllows(newVault.resourceGroup(), "creating a vault");
            }
        }
        return vms.register(body, caller.name(), scope).map(r -> Responses.created("/api/v1/virtual-machines/" + r.vm().id,
                VmView.from(r.vm(), r.item(), r.configureBackupJobId())));
    }

    /** {@code protectable=true}: only VMs that no vault holds (neither protected nor soft-deleted). */
    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Items<VmView>> list(@QueryParam("region") String region,
            @QueryParam("resourceGroup") String resourceGroup, @QueryParam("protectable") String protectable) {
        boolean protectableOnly = parseBoolean(protectable);
        ResourceGroupScope scope = caller.scope();
        return vms.list(region, resourceGroup, protectableOnly)
                .map(list -> Items.of(list.stream().filter(r -> scope.allows(r.vm().resourceGroup))
                        .map(r -> VmView.from(r.vm(), r.item(), null)).toList()));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("{vmId}")
    public Uni<VmView> get(@RestPath String vmId) {
        return vms.get(vmId).map(r -> VmView.from(r.vm(), r.item(), null));
    }

    @RolesAllowed(Roles.CONTRIBUTOR)
    @DELETE
    @Path("{vmId}")
    public Uni<RestResponse<Void>> delete(@RestPath String vmId) {
        return vms.delete(vmId).map(ignored -> RestResponse.noContent());
    }

    private static boolean parseBoolean(String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new ApiException.BadRequest("protectable", "must be true or false");
    }
}
