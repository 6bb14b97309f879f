package io.backupcenter.policy.access;

import io.backupcenter.kit.security.ScopeGuard;
import io.backupcenter.policy.vault.VaultNotFound;
import io.backupcenter.policy.vault.VaultLifecycle;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The policies of a vault outside the caller's resource groups do not exist for them: every request under
 * {@code /vaults/{vaultId}/policies} answers 404 as for a vault that is nowhere.
 */
public class ResourceGroupFilter {

    private final ScopeGuard guard;
    private final VaultLifecycle vaults;

    ResourceGroupFilter(ScopeGuard guard, VaultLifecycle vaults) {
        this.guard = guard;
        this.vaults = vaults;
    }

    @ServerRequestFilter
    public Uni<Response> onlyInScope(ContainerRequestContext request) {
        String vaultId = ScopeGuard.idUnder(request, "vaults");
        return guard.requireInScope(vaultId, id -> vaults.require(id)
                .map(vault -> vault.resourceGroup)
                .onFailure(VaultNotFound.class).recoverWithNull(), () -> new VaultNotFound(vaultId));
    }
}
