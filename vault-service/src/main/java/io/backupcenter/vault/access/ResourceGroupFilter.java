package io.backupcenter.vault.access;

import io.backupcenter.kit.security.ScopeGuard;
import io.backupcenter.vault.vault.VaultNotFound;
import io.backupcenter.vault.vault.VaultRepository;
import io.backupcenter.vault.vm.VmNotFound;
import io.backupcenter.vault.vm.VmRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A vault or VM outside the caller's resource groups does not exist for them: every request under
 * {@code /vaults/{vaultId}} (its items, recovery points, restores) or {@code /virtual-machines/{vmId}} answers 404, the
 * same as for an id that is nowhere, so its data and even its existence stay hidden. Lists and creations check the
 * scope where they are made.
 */
public class ResourceGroupFilter {

    private final ScopeGuard guard;
    private final VaultRepository vaults;
    private final VmRepository vms;

    ResourceGroupFilter(ScopeGuard guard, VaultRepository vaults, VmRepository vms) {
        this.guard = guard;
        this.vaults = vaults;
        this.vms = vms;
    }

    @ServerRequestFilter
    public Uni<Response> onlyInScope(ContainerRequestContext request) {
        String vaultId = ScopeGuard.idUnder(request, "vaults");
        if (vaultId != null) {
            return guard.requireInScope(vaultId, id -> Panache.withSession(() -> vaults.findById(id))
                    .map(vault -> vault == null ? null : vault.resourceGroup), () -> new VaultNotFound(vaultId));
        }
        String vmId = ScopeGuard.idUnder(request, "virtual-machines");
        return guard.requireInScope(vmId, id -> Panache.withSession(() -> vms.findById(id))
                .map(vm -> vm == null ? null : vm.resourceGroup), () -> new VmNotFound(vmId));
    }
}
