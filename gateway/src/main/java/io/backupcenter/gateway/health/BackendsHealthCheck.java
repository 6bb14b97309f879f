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
 * The gateway is ready only when every instance of every backend service reports ready; the answer names each
 * instance and its state.
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
                checks.add(check(name, url));
            }
        }
        if (checks.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.named("backends").down()
                    .withData("reason", "no backend service is configured").build());
        }
        return Uni.join().all(checks).andCollectFailures().map(instances -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("backends");
            boolean allUp = true;
            for (Instance instance : instances) {
                response.withData(instance.name(), instance.up() ? "UP" : "DOWN");
                allUp &= instance.up();
            }
            return response.status(allUp).build();
        });
    }

    private Uni<Instance> check(String name, URI url) {
        return client.getAbs(url.toString().replaceAll("/+$", "") + "/q/health/ready")
                .timeout(config.healthTimeout().toMillis())
                .send()
                .map(response -> new Instance(name, response.statusCode() == 200))
                .onFailure().recoverWithItem(new Instance(name, false));
    }

    private record Instance(String name, boolean up) {
    }
}
