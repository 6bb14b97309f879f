package io.backupcenter.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * Which service owns which part of the public API ({@code spec/api.md}); the first matching route wins, so the more
 * specific paths come first.
 */
public final class RouteTable {

    /** The public API's routes. */
    public static final RouteTable API = new RouteTable(List.of(
            Route.of("/api/v1/vaults/[^/]+/policies(/.*)?", "policy-service"),
            Route.of("/api/v1/vaults(/.*)?", "vault-service"),
            Route.of("/api/v1/virtual-machines(/.*)?", "vault-service"),
            Route.of("/api/v1/jobs(/.*)?", "job-service")));

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The route that serves {@code path}, if any. */
    public Optional<Route> find(String path) {
        return routes.stream().filter(route -> route.matches(path)).findFirst();
    }

    /** Every service a route names. */
    public List<String> services() {
        return routes.stream().map(Route::service).distinct().toList();
    }
}
