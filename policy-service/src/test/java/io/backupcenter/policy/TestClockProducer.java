package io.backupcenter.policy;

import io.backupcenter.kit.testing.MutableClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/** The service's clock in tests: one the tests move by hand. */
@ApplicationScoped
public class TestClockProducer {

    /** The one clock of the test application. */
    public static final MutableClock CLOCK = new MutableClock();

    @Produces
    @ApplicationScoped
    Clock clock() {
        return CLOCK;
    }
}
