package io.backupcenter.vault.restore;

import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.kit.api.JobAccepted;
import io.backupcenter.kit.security.Caller;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Restores from a recovery point. */
@Path("/api/v1/vaults/{vaultId}/protected-items/{itemId}/recovery-points/{pointId}/restore")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RestoreResource {

    private final RestoreService restores;
    private final Caller caller;

    RestoreResource(RestoreService restores, Caller caller) {
        this.restores = restores;
        this.caller = caller;
    }

    /** 202 with the Restore job; a restored disk is byte-identical to the disk at backup time. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    public Uni<RestResponse<JobAccepted>> restore(@RestPath String vaultId, @RestPath String itemId,
            @RestPath String pointId, RestoreRequest body) {
        if (body != null && body.restoreType() == RestoreType.AlternateLocation && body.resourceGroup() != null) {
            caller.scope().requireAllows(body.resourceGroup(), "restoring a VM");
        }
        return restores.restore(vaultId, itemId, pointId, body, caller.name()).map(JobAccepted::response);
    }
}
