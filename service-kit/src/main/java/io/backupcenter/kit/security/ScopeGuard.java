package io.backupcenter.kit.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * For the services' request filters that hide what lies outside the caller's resource groups: finds the id a path
 * names under {@code /api/v1/<collection>/}, and lets the request on only when the caller's scope holds the resource
 * group of what it names; otherwise it fails as if nothing were there.
 */
@ApplicationScoped
public class ScopeGuard {

    private final CurrentIdentityAssociation identities;

    ScopeGuard(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The id right after {@code /api/v1/<collection>/} in the request's path, or null for another path. */
    public static String idUnder(ContainerRequestContext request, String collection) {
        List<PathSegment> path = request.getUriInfo().getPathSegments();
        if (path.size() < 4 || !path.get(0).getPath().equals("api") || !path.get(1).getPath().equals("v1")
                || !path.get(2).getPath().equals(collection)) {
            return null;
        }
        return path.get(3).getPath();
    }

    /**
     * A filter's answer: null (go on) when the caller has no limit or {@code resourceGroupOf} the id lies in their
     * scope; a failure with {@code notFound} otherwise (also when there is nothing with that id). Authenticates the
     * caller now if nothing has yet, so a bad token fails here with the same 401 as later.
     */
    public Uni<Response> requireInScope(String id, Function<String, Uni<String>> resourceGroupOf,
            Supplier<RuntimeException> notFound) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().chain(identity -> {
            ResourceGroupScope scope = ResourceGroupScope.of(identity);
            if (scope.unlimited()) {
                return Uni.createFrom().nullItem();
            }
            return resourceGroupOf.apply(id).map(resourceGroup -> {
                if (!scope.allows(resourceGroup)) {
                    throw notFound.get();
                }
                return null;
            });
        });
    }
}
