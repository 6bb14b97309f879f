package io.backupcenter.vault.catalog;

import io.backupcenter.kit.api.Items;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/** The recovery points of a protected item. */
@Path("/api/v1/vaults/{vaultId}/protected-items/{itemId}/recovery-points")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryPointResource {

    private final Catalog catalog;

    RecoveryPointResource(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Newest first. */
    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Items<RecoveryPointView>> list(@RestPath String vaultId, @RestPath String itemId) {
        return catalog.ofItem(vaultId, itemId).map(Items::of);
    }
}
