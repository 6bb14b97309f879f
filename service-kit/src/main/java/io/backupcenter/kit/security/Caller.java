package io.backupcenter.kit.security;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who made the current request: their name (a job's {@code initiatedBy}) and their resource-group scope. Outside a
 * request (event consumers, schedulers) the caller is the system itself: no name, every resource group.
 */
@ApplicationScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Whether the caller holds {@code role} (or one that includes it); the system itself holds every role. */
    public boolean holds(String role) {
        SecurityIdentity current = current();
        return current == null || current.hasRole(role);
    }

    /** The authenticated principal's name, or null outside a request. */
    public String name() {
        SecurityIdentity current = current();
        return current == null ? null : current.getPrincipal().getName();
    }

    /** The resource groups the caller may see and touch. */
    public ResourceGroupScope scope() {
        return ResourceGroupScope.of(current());
    }

    private SecurityIdentity current() {
        if (!Arc.container().requestContext().isActive() || identity.isAnonymous()) {
            return null;
        }
        return identity;
    }
}
