package io.backupcenter.kit.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN while an event consumer is stuck ({@link ConsumerProgress}), naming it and its topic. */
@Readiness
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {

    private final ConsumerProgress progress;

    ConsumersReadiness(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        return progress.health();
    }
}
