package io.backupcenter.policy.policy;

import io.backupcenter.kit.api.Items;
import io.backupcenter.kit.api.Responses;
import io.backupcenter.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The backup policies of a vault. */
@Path("/api/v1/vaults/{vaultId}/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyService policies;
    private final JsonWebToken caller;

    PolicyResource(PolicyService policies, JsonWebToken caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Items<PolicyView>> list(@RestPath String vaultId) {
        return policies.list(vaultId).map(list -> Items.of(list.stream().map(PolicyView::from).toList()));
    }

    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    public Uni<RestResponse<PolicyView>> create(@RestPath String vaultId, PolicyRequest body) {
        return policies.create(vaultId, body).map(policy -> Responses.created(
                "/api/v1/vaults/" + vaultId + "/policies/" + policy.id, PolicyView.from(policy)));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("{policyId}")
    public Uni<PolicyView> get(@RestPath String vaultId, @RestPath String policyId) {
        return policies.get(vaultId, policyId).map(PolicyView::from);
    }

    /** Replaces the policy; every item on it follows the new schedule and retention at once. */
    @RolesAllowed(Roles.CONTRIBUTOR)
    @PUT
    @Path("{policyId}")
    public Uni<PolicyView> update(@RestPath String vaultId, @RestPath String policyId, PolicyRequest body) {
        return policies.update(vaultId, policyId, body).map(PolicyView::from);
    }

    /** 409 while any item uses the policy: vault-service, which holds the items, decides for the caller. */
    @RolesAllowed(Roles.CONTRIBUTOR)
    @DELETE
    @Path("{policyId}")
    public Uni<RestResponse<Void>> delete(@RestPath String vaultId, @RestPath String policyId) {
        return policies.delete(vaultId, policyId, caller.getRawToken()).map(ignored -> RestResponse.noContent());
    }
}
