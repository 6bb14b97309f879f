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

import java.util.ArrayList;
import java.util.List;

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

    /** After a successful (2xx) answer: delivers the request's events to the services configured for their topics. */
    @ServerResponseFilter
    public Uni<Void> afterResponse(ContainerResponseContext response) {
        List<Pending.Entry> entries = Pending.drain();
        if (response.getStatus() < 200 || response.getStatus() > 299 || entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(entry -> Multi.createFrom()
                        .iterable(config.getOptionalValues("backup-center.direct-delivery." + entry.topic(),
                                String.class).orElse(List.of()))
                        .onItem().transformToUniAndConcatenate(service -> deliver(service, entry))
                        .collect().last())
                .collect().last()
                .replaceWithVoid();
    }

    /** Delivers to an instance of {@code service} (another while one cannot be reached); never fails. */
    private Uni<Void> deliver(String service, Pending.Entry entry) {
        return services.send(service, HttpMethod.POST, "/internal/v1/events/" + entry.topic(), tokens.token(),
                        Buffer.buffer(EventJson.write(entry.event())))
                .onItemOrFailure().transformToUni((answer, failure) -> {
                    if (failure != null || answer.statusCode() / 100 != 2) {
                        LOG.infof("%s %s not delivered to %s directly (%s); it follows through Kafka", entry.topic(),
                                entry.event().eventId(), service, failure != null ? Failures.describe(failure)
                                        : answer.statusCode() + " " + answer.bodyAsString());
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
