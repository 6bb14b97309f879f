package io.backupcenter.worker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * {@code backup-center.worker.simulated-delay}: a pause standing in for a slow remote disk or vault storage, before a
 * backup's snapshot and before a Verify job reads each point. Benchmarks and fault tests only; zero by default.
 */
@ApplicationScoped
public class SimulatedDelay {

    private final Duration delay;

    SimulatedDelay(@ConfigProperty(name = "backup-center.worker.simulated-delay", defaultValue = "PT0S") Duration delay) {
        this.delay = delay;
    }

    /** Waits the configured delay (nothing when zero). */
    public void pause() {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
