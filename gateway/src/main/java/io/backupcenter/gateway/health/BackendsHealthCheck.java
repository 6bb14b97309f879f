package io.backupcenter.gateway.health;

import io.backupcenter.gateway.GatewayConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway is ready when every backend service has an instance that reports ready (requests go to the instances
 * that answer well); the answer names each service and instance and its state.
 */
@Readiness
@ApplicationScoped
public class BackendsHealthCheck implements AsyncHealthCheck {

    private final GatewayConfig config;
    private final WebClient client;

    BackendsHealthCheck(Vertx vertx, GatewayConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(1000).setKeepAlive(false));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<Instance>> checks = new ArrayList<>();
        for (Map.Entry<String, List<URI>> service : config.services().entrySet()) {
            List<URI> urls = service.getValue();
            for (URI url : urls) {
                String name = urls.size() == 1 ? service.getKey() : service.getKey() + " " + url;
                checks.add(check(service.getKey(), name, url));
            }
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.named("backends").down()
                    .withData("reason", "no backend service is configured").build());
        }
        return Uni.join().all(checks).andCollectFailures().map(instances -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("backends");
            java.util.Map<String, int[]> services = new java.util.TreeMap<>();
            for (Instance instance : instances) {
                int[] counts = services.computeIfAbsent(instance.service(), name -> new int[2]);
                counts[1]++;
                if (instance.up()) {
                    counts[0]++;
                }
                if (!instance.name().equals(instance.service())) {
                    response.withData(instance.name(), instance.up() ? "UP" : "DOWN");
                }
            }
            services.forEach((service, counts) -> response.withData(service, (counts[0] > 0 ? "UP" : "DOWN")
                    + (counts[1] > 1 ? " (" + counts[0] + " of " + counts[1] + " instances ready)" : "")));
            boolean allServed = services.values().stream().allMatch(counts -> counts[0] > 0);
            return response.status(allServed).build();
        });
    }

    private Uni<Instance> check(String service, String name, URI url) {
        return client.getAbs(url.toString().replaceAll("/+$", "") + "/q/health/ready")
                .timeout(config.healthTimeout().toMillis())
                .send()
                .map(response -> new Instance(service, name, response.statusCode() == 200))
                .onFailure().recoverWithItem(new Instance(service, name, false));
    }

    private record Instance(String service, String name, boolean up) {
    }
}
