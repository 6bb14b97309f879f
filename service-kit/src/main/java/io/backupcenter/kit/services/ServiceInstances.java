package io.backupcenter.kit.services;

import io.backupcenter.kit.Failures;
import io.smallrye.mutiny.Uni;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.Service;
import io.smallrye.stork.api.ServiceDefinition;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.loadbalancer.leastresponsetime.LeastResponseTimeConfiguration;
import io.smallrye.stork.servicediscovery.staticlist.StaticConfiguration;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every instance of the services a service calls, through SmallRye Stork: each call goes to the instance that has
 * answered fastest lately (a failure counts as a very slow answer, so a dead instance is rarely tried), and a call that
 * could not reach its instance (connection refused or timed out: nothing was sent) goes to another, until every
 * instance was tried. A service's instances are the URLs listed in {@code backup-center.services.<name>}, unless
 * {@link #define} gave others (the gateway's own list).
 */
@ApplicationScoped
public class ServiceInstances {

    private final Config config;
    private final WebClient client;
    private final Duration timeout;

    ServiceInstances(Config config, Vertx vertx,
            @ConfigProperty(name = "backup-center.services.timeout", defaultValue = "5s") Duration timeout) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2000).setKeepAlive(true)
                .setFollowRedirects(false).setUserAgentEnabled(false).setMaxPoolSize(64));
        this.timeout = timeout;
    }

    /** Service {@code name} has these instances ({@code http://host:port}); the first definition stands. */
    public void define(String name, List<String> urls) {
        Stork.getInstance().defineIfAbsent(name, ServiceDefinition.of(
                new StaticConfiguration().withAddressList(String.join(",", urls)),
                new LeastResponseTimeConfiguration()));
    }

    /** Whether any instance of {@code name} is known. */
    public boolean isKnown(String name) {
        return service(name) != null;
    }

    /**
     * Runs {@code attempt} with the base URL ({@code http://host:port}) of an instance of {@code name}, and again with
     * another one's while the attempt fails to connect. Fails with a {@link ConnectException} naming the service when
     * no instance is known or none could be reached.
     */
    public <T> Uni<T> call(String name, Function<String, Uni<T>> attempt) {
        return call(name, attempt, answer -> false);
    }

    /**
     * As {@link #call(String, Function)}; an answer that {@code failed} says is a failure (an HTTP 5xx: the instance
     * is up but cannot serve) counts against the instance as a failure would, so that the instances that work get the
     * calls, and is returned as it is (the request may have been acted on, so it is not sent again).
     */
    public <T> Uni<T> call(String name, Function<String, Uni<T>> attempt, Predicate<T> failed) {
        Service service = service(name);
        if (service == null) {
            return Uni.createFrom().failure(new ConnectException("no address is configured for the " + name));
        }
        return attempt(service, attempt, failed, new HashSet<>());
    }

    private <T> Uni<T> attempt(Service service, Function<String, Uni<T>> attempt, Predicate<T> failed,
            Set<Long> tried) {
        return service.getInstances().chain(all -> {
            List<ServiceInstance> untried = all.stream().filter(i -> !tried.contains(i.getId())).toList();
            if (untried.isEmpty()) {
                return Uni.createFrom().failure(new ConnectException("no instance of the " + service.getServiceName()
                        + " could be reached"));
            }
            ServiceInstance instance = service.selectInstanceAndRecordStart(untried, true);
            tried.add(instance.getId());
            String base = (instance.isSecure() ? "https://" : "http://") + instance.getHost() + ":"
                    + instance.getPort() + instance.getPath().orElse("");
            return attempt.apply(base)
                    .invoke(done -> {
                        instance.recordReply();
                        instance.recordEnd(failed.test(done) ? new IllegalStateException("answered as failed") : null);
                    })
                    .onFailure().invoke(instance::recordEnd)
                    .onFailure(Failures::isConnectFailure).recoverWithUni(f -> attempt(service, attempt, failed,
                            tried));
        });
    }

    /**
     * Sends {@code method pathAndQuery} (with {@code body}, if not null) to an instance of {@code service} as
     * {@code bearer}; another instance is tried when one cannot be reached.
     */
    public Uni<HttpResponse<Buffer>> send(String service, HttpMethod method, String pathAndQuery, String bearer,
            Buffer body) {
        return call(service, base -> {
            HttpRequest<Buffer> request = client.requestAbs(method, base + pathAndQuery)
                    .bearerTokenAuthentication(bearer)
                    .timeout(timeout.toMillis());
            if (body == null) {
                return request.send();
            }
            return request.putHeader("Content-Type", "application/json").sendBuffer(body);
        }, ServiceInstances::isServerError);
    }

    /** Whether {@code answer} is an HTTP 5xx. */
    public static boolean isServerError(HttpResponse<Buffer> answer) {
        return answer.statusCode() >= 500;
    }

    private Service service(String name) {
        Stork stork = Stork.getInstance();
        if (!stork.getServiceOptional(name).isPresent()) {
            List<String> urls = config.getOptionalValues("backup-center.services." + name, String.class)
                    .orElse(List.of());
            if (urls.isEmpty()) {
                return null;
            }
            define(name, urls);
        }
        return stork.getService(name);
    }
}
