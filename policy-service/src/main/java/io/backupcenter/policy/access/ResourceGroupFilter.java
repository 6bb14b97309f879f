package io.backupcenter.policy.access;

import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.policy.vault.VaultNotFound;
import io.backupcenter.policy.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * The policies of a vault outside the caller's resource groups do not exist for them: every request under
 * {@code /vaults/{vaultId}/policies} answers 404 as for a vault that is nowhere.
 */
public class ResourceGroupFilter {

    private final CurrentIdentityAssociation identities;
    private final VaultRepository vaults;

    ResourceGroupFilter(CurrentIdentityAssociation identities, VaultRepository vaults) {
        this.identities = identities;
        this.vaults = vaults;
    }

    @ServerRequestFilter
    public Uni<Response> onlyInScope(ContainerRequestContext request) {
        List<PathSegment> path = request.getUriInfo().getPathSegments();
        if (path.size() < 4 || !path.get(0).getPath().equals("api") || !path.get(1).getPath().equals("v1")
                || !path.get(2).getPath().equals("vaults")) {
            return Uni.createFrom().nullItem();
        }
        String vaultId = path.get(3).getPath();
        // Authenticates now when nothing has yet: a bad token fails here with the same 401 as later.
        return identities.getDeferredIdentity().chain(identity -> {
            ResourceGroupScope scope = ResourceGroupScope.of(identity);
            if (scope.unlimited()) {
                return Uni.createFrom().nullItem();
            }
            return Panache.withSession(() -> vaults.findById(vaultId)).map(vault -> {
                if (vault == null || !scope.allows(vault.resourceGroup)) {
                    throw new VaultNotFound(vaultId);
                }
                return null;
            });
        });
    }
}
