package io.backupcenter.kit.outbox;

import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.security.ServiceTokens;
import io.backupcenter.kit.services.ServiceInstances;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Read-your-writes across services. An event that a client may look for right after the request that announced it
 * (a job named in a 202) is handed to the service that makes it readable as soon as the request's transaction has
 * committed, before the answer leaves: {@code backup-center.direct-delivery.<topic>} names those services, and
 * {@code backup-center.services.<service>} their addresses ({@link ServiceInstances}). They apply it
 * as they apply the topic's records, once, so the Kafka record that follows is a duplicate to them. Best effort: when
 * none answers, the event still travels through Kafka, and the answer to the client is not held up beyond the timeout.
 */
@IfBuildProperty(name = "backup-center.events.enabled", stringValue = "true", enableIfMissing = true)
@ApplicationScoped
public class DirectDelivery {

    private static final Logger LOG = Logger.getLogger(DirectDelivery.class);
    /** The longest an answer waits for its events' direct delivery. */
    static final Duration DEADLINE = Duration.ofSeconds(2);

    /**
     * The events the current request's transactions queued in the outbox, in order, kept with the request's Vert.x
     * (duplicated) context, where Hibernate Reactive keeps the request's session too.
     */
    static final class Pending {

        private static final String KEY = "backup-center.outbox.pending-deliveries";

        record Entry(String topic, Event event) {
        }

        private Pending() {
        }

        /** Notes an event added to the outbox; a no-op off a duplicated context. */
        static void note(String topic, Event event) {
            if (!VertxContext.isOnDuplicatedContext()) {
                return;
            }
            List<Entry> entries = ContextLocals.<List<Entry>>get(KEY).orElse(null);
            if (entries == null) {
                entries = new ArrayList<>();
                ContextLocals.put(KEY, entries);
            }
            entries.add(new Entry(topic, event));
        }

        /** The events noted on the current context, which are forgotten there. */
        static List<Entry> drain() {
            if (!VertxContext.isOnDuplicatedContext()) {
                return List.of();
            }
            List<Entry> entries = ContextLocals.<List<Entry>>get(KEY).orElse(List.of());
            ContextLocals.remove(KEY);
            return entries;
        }
    }

    private final Config config;
    private final ServiceTokens tokens;
    private final ServiceInstances services;

    DirectDelivery(Config config, ServiceTokens tokens, ServiceInstances services) {
        this.config = config;
        this.tokens = tokens;
        this.services = services;
    }

    /**
     * After a successful (2xx) answer: delivers the request's events to the services configured for their topics, one
     * call per topic and service (a batch protecting many VMs makes one), within {@link #DEADLINE} in all.
     */
    @ServerResponseFilter
    public Uni<Void> afterResponse(ContainerResponseContext response) {
        List<Pending.Entry> entries = Pending.drain();
        if (response.getStatus() < 200 || response.getStatus() > 299 || entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<Event>> byTopic = new LinkedHashMap<>();
        for (Pending.Entry entry : entries) {
            byTopic.computeIfAbsent(entry.topic(), topic -> new ArrayList<>()).add(entry.event());
        }
        return Multi.createFrom().iterable(byTopic.entrySet())
                .onItem().transformToUniAndConcatenate(topic -> Multi.createFrom()
                        .iterable(config.getOptionalValues("backup-center.direct-delivery." + topic.getKey(),
                                String.class).orElse(List.of()))
                        .onItem().transformToUniAndConcatenate(service -> deliver(service, topic.getKey(),
                                topic.getValue()))
                        .collect().last())
                .collect().last()
                .ifNoItem().after(DEADLINE).recoverWithItem(() -> {
                    LOG.infof("direct delivery took longer than %s; the events follow through Kafka", DEADLINE);
                    return null;
                })
                .replaceWithVoid();
    }

    /** Delivers the events of {@code topic} to an instance of {@code service}; never fails. */
    private Uni<Void> deliver(String service, String topic, List<Event> events) {
        String batch = events.stream().map(EventJson::write).collect(Collectors.joining(",", "[", "]"));
        return services.send(service, HttpMethod.POST, "/internal/v1/events/" + topic, tokens.token(),
                        Buffer.buffer(batch))
                .onItemOrFailure().transformToUni((answer, failure) -> {
                    if (failure != null || answer.statusCode() / 100 != 2) {
                        LOG.infof("%d event(s) of %s not delivered to %s directly (%s); they follow through Kafka",
                                events.size(), topic, service, failure != null ? Failures.describe(failure)
                                        : answer.statusCode() + " " + answer.bodyAsString());
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
