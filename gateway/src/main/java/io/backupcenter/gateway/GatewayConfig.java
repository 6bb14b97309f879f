package io.backupcenter.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where the backend services listen, and how long the gateway waits for them. */
@ConfigMapping(prefix = "backup-center.gateway")
public interface GatewayConfig {

    /**
     * Each backend service by name ({@code vault-service}, ...), with the base URLs of its instances. Requests go to
     * every instance (the fastest lately first, another when one cannot be reached); health checks ask every one.
     */
    Map<String, List<URI>> services();

    /** The largest request body the gateway accepts; a larger one is answered 413. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** How long a backend may take to answer a forwarded request. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** How long a backend may take to answer a health check. */
    @WithDefault("2s")
    Duration healthTimeout();
}
