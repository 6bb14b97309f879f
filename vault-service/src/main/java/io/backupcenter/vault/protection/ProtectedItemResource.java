package io.backupcenter.vault.protection;

import io.backupcenter.kit.api.Items;
import io.backupcenter.kit.api.JobAccepted;
import io.backupcenter.kit.api.QueryValues;
import io.backupcenter.kit.security.Caller;
import io.backupcenter.kit.security.Roles;
import io.backupcenter.vault.protection.ProtectionRequests.BackupNow;
import io.backupcenter.vault.protection.ProtectionRequests.ChangePolicy;
import io.backupcenter.vault.protection.ProtectionRequests.Protect;
import io.backupcenter.vault.protection.ProtectionRequests.ProtectResults;
import io.backupcenter.vault.protection.ProtectionRequests.Resume;
import io.backupcenter.vault.protection.ProtectionRequests.StopProtection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The protected items of a vault: protect VMs, back up now, stop, undelete, resume. */
@Path("/api/v1/vaults/{vaultId}/protected-items")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProtectedItemResource {

    private final ProtectionService protection;
    private final Caller caller;

    ProtectedItemResource(ProtectionService protection, Caller caller) {
        this.protection = protection;
        this.caller = caller;
    }

    /** Protects many VMs with one policy: 200 with one result (201, 400, 404 or 409) per VM. */
    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    public Uni<ProtectResults> protect(@RestPath String vaultId, @Valid @NotNull Protect body) {
        return protection.protect(vaultId, body.policyId(), body.vmIds(), caller.name(), caller.scope()).map(ProtectResults::new);
    }

    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Items<ProtectedItemView>> list(@RestPath String vaultId,
            @QueryParam("protectionState") String protectionState) {
        return protection.list(vaultId, QueryValues.parse("protectionState", protectionState, ProtectionState.class))
                .map(list -> Items.of(list.stream().map(ProtectedItemView::from).toList()));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("{itemId}")
    public Uni<ProtectedItemView> get(@RestPath String vaultId, @RestPath String itemId) {
        return protection.get(vaultId, itemId).map(ProtectedItemView::from);
    }

    @RolesAllowed(Roles.CONTRIBUTOR)
    @PATCH
    @Path("{itemId}")
    public Uni<ProtectedItemView> changePolicy(@RestPath String vaultId, @RestPath String itemId,
            @Valid @NotNull ChangePolicy body) {
        return protection.changePolicy(vaultId, itemId, body.policyId()).map(ProtectedItemView::from);
    }

    /** "Back up now": 202 with the Backup job. The body is optional (as for undelete and resume). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{itemId}/backup")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<JobAccepted>> backupNow(@RestPath String vaultId, @RestPath String itemId,
            @Valid BackupNow body) {
        return protection.backupNow(vaultId, itemId, body == null ? null : body.retainUntil(), caller.name())
                .map(JobAccepted::response);
    }

    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    @Path("{itemId}/stop-protection")
    public Uni<RestResponse<JobAccepted>> stopProtection(@RestPath String vaultId, @RestPath String itemId,
            @Valid @NotNull StopProtection body) {
        return protection.stopProtection(vaultId, itemId, body.deleteBackupData(), body.confirmName(), caller.name())
                .map(JobAccepted::response);
    }

    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    @Path("{itemId}/undelete")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<JobAccepted>> undelete(@RestPath String vaultId, @RestPath String itemId) {
        return protection.undelete(vaultId, itemId, caller.name()).map(JobAccepted::response);
    }

    @RolesAllowed(Roles.CONTRIBUTOR)
    @POST
    @Path("{itemId}/resume")
    @Consumes(MediaType.WILDCARD)
    public Uni<ProtectedItemView> resume(@RestPath String vaultId, @RestPath String itemId, @Valid Resume body) {
        return protection.resume(vaultId, itemId, body == null ? null : body.policyId()).map(ProtectedItemView::from);
    }
}
