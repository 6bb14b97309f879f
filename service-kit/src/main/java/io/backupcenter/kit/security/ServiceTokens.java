package io.backupcenter.kit.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tokens a service presents when it calls another service's API on its own behalf (an event consumer has no caller
 * whose token it could pass on): Reader in every resource group, and {@link Roles#SERVICE} for the internal endpoints,
 * named after the service, signed by the system's issuer. The key is read once, on first use; a token is reused until
 * ten minutes before it expires.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration VALID_FOR = Duration.ofHours(1);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private final Path keys;
    private final String service;
    private final Clock clock;
    private LocalIssuer issuer;
    private String token;
    private Instant renewAt = Instant.MIN;

    ServiceTokens(@ConfigProperty(name = "backup-center.keys.directory") Path keys,
            @ConfigProperty(name = "quarkus.application.name") String service, Clock clock) {
        this.keys = keys;
        this.service = service;
        this.clock = clock;
    }

    /** A valid token of this service (Reader and Service). */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt)) {
            if (issuer == null) {
                issuer = LocalIssuer.fromDirectory(keys);
            }
            token = issuer.token(service, List.of(Roles.READER, Roles.SERVICE), List.of(), now, VALID_FOR);
            renewAt = now.plus(VALID_FOR).minus(RENEW_BEFORE);
        }
        return token;
    }
}
