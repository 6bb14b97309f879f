package io.backupcenter.vault.access;

import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.vault.vault.VaultNotFound;
import io.backupcenter.vault.vault.VaultRepository;
import io.backupcenter.vault.vm.VmNotFound;
import io.backupcenter.vault.vm.VmRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * A vault or VM outside the caller's resource groups does not exist for them: every request under
 * {@code /vaults/{vaultId}} (its items, recovery points, restores) or {@code /virtual-machines/{vmId}} answers 404, the
 * same as for an id that is nowhere, so its data and even its existence stay hidden. Lists and creations check the
 * scope where they are made.
 */
public class ResourceGroupFilter {

    private final CurrentIdentityAssociation identities;
    private final VaultRepository vaults;
    private final VmRepository vms;

    ResourceGroupFilter(CurrentIdentityAssociation identities, VaultRepository vaults, VmRepository vms) {
        this.identities = identities;
        this.vaults = vaults;
        this.vms = vms;
    }

    @ServerRequestFilter
    public Uni<Response> onlyInScope(ContainerRequestContext request) {
        List<PathSegment> path = request.getUriInfo().getPathSegments();
        if (path.size() < 4 || !path.get(0).getPath().equals("api") || !path.get(1).getPath().equals("v1")) {
            return Uni.createFrom().nullItem();
        }
        String kind = path.get(2).getPath();
        String id = path.get(3).getPath();
        if (!kind.equals("vaults") && !kind.equals("virtual-machines")) {
            return Uni.createFrom().nullItem();
        }
        // Authenticates now when nothing has yet: a bad token fails here with the same 401 as later.
        return identities.getDeferredIdentity().chain(identity -> {
            ResourceGroupScope scope = ResourceGroupScope.of(identity);
            if (scope.unlimited()) {
                return Uni.createFrom().nullItem();
            }
            Uni<String> group = kind.equals("vaults")
                    ? Panache.withSession(() -> vaults.findById(id)).map(v -> v == null ? null : v.resourceGroup)
                    : Panache.withSession(() -> vms.findById(id)).map(vm -> vm == null ? null : vm.resourceGroup);
            return group.map(resourceGroup -> {
                if (!scope.allows(resourceGroup)) {
                    throw kind.equals("vaults") ? new VaultNotFound(id) : new VmNotFound(id);
                }
                return null;
            });
        });
    }
}
