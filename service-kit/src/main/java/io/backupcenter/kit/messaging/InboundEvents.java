package io.backupcenter.kit.messaging;

import io.backupcenter.contracts.Event;
import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way every service consumes events. A consumer (an {@code @Startup} bean, so that its channels are declared
 * when the service starts) declares each of its channels once ({@link #channel}, {@link #blockingChannel}) and hands
 * every record to the {@link InboundChannel} it gets back, which reads it, applies
 * its effect exactly once, parks it while a dependency is missing and dead-letters what cannot be applied, with the
 * reason. The channels declared here are also what parked records are retried against ({@link ParkedEventRetrier}),
 * what other services may deliver events to directly ({@link InboundEventsResource}) and what consumer progress is
 * watched for ({@link ConsumerProgress}).
 */
@ApplicationScoped
public class InboundEvents {

    /** The header a dead letter's reason travels in (SmallRye's dead-letter-queue strategy uses the same name). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    final Vertx vertx;
    final ProcessedEventLog processed;
    final ParkedEvents parked;
    final Outbox outbox;
    final Clock clock;
    final MeterRegistry metrics;
    final ConsumerProgress progress;
    private final Config config;
    private final String service;
    /** How long a parked record may wait for its dependency before it is dead-lettered. */
    final Duration parkedFor;
    /** The first retry of a parked record; later ones back off up to {@link #PARKED_RETRY_CAP}. */
    final Duration parkedRetry;
    static final Duration PARKED_RETRY_CAP = Duration.ofMinutes(1);

    private final Map<String, InboundChannel<?>> byConsumer = new ConcurrentHashMap<>();
    private final Map<String, InboundChannel<?>> byChannel = new ConcurrentHashMap<>();

    InboundEvents(Vertx vertx, ProcessedEventLog processed, ParkedEvents parked, Outbox outbox, Clock clock,
            MeterRegistry metrics, ConsumerProgress progress, Config config,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "backup-center.parked.dead-letter-after", defaultValue = "PT15M") Duration parkedFor,
            @ConfigProperty(name = "backup-center.parked.first-retry", defaultValue = "PT1S") Duration parkedRetry) {
        this.vertx = vertx;
        this.processed = processed;
        this.parked = parked;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.progress = progress;
        this.config = config;
        this.service = service;
        this.parkedFor = parkedFor;
        this.parkedRetry = parkedRetry;
    }

    /**
     * Declares the consumed channel {@code channel} (the topic of the same name unless configured otherwise): each
     * record is read as {@code type} and {@code effect} runs in a transaction that also records the event id, so a
     * redelivered event changes nothing twice. {@code rejections} records what a dead-lettered record means to
     * people (e.g. a failed job).
     */
    public <E extends Event> InboundChannel<E> channel(String channel, Class<E> type, Function<E, Uni<Void>> effect,
            Rejections<E> rejections) {
        return register(new InboundChannel<>(this, channel, topicOf(channel), service + "." + channel, type, effect,
                null, rejections));
    }

    /** As {@link #channel(String, Class, Function, Rejections)}, recording nothing when a record is rejected. */
    public <E extends Event> InboundChannel<E> channel(String channel, Class<E> type, Function<E, Uni<Void>> effect) {
        return channel(channel, type, effect, Rejections.none());
    }

    /**
     * Declares a channel whose {@code effect} blocks, keeps its own transactions and is idempotent by itself (the
     * snapshot worker's data path over JDBC): records are handled on the caller's worker thread
     * ({@link InboundChannel#handleBlocking}, {@link InboundChannel#handleDeferred}), with no transaction or
     * processed-event log here; reading, parking and dead-lettering as for {@link #channel}.
     */
    public <E extends Event> InboundChannel<E> blockingChannel(String channel, Class<E> type, Consumer<E> effect,
            Rejections<E> rejections) {
        return register(new InboundChannel<>(this, channel, topicOf(channel), service + "." + channel, type, null,
                effect, rejections));
    }

    private <E extends Event> InboundChannel<E> register(InboundChannel<E> channel) {
        InboundChannel<?> before = byChannel.putIfAbsent(channel.name(), channel);
        if (before != null) {
            throw new IllegalStateException("channel " + channel.name() + " is declared twice");
        }
        byConsumer.put(channel.consumer(), channel);
        progress.watch(channel.name(), channel.topic());
        return channel;
    }

    /** The channel declared with this consumer name ({@code <service>.<channel>}), if any. */
    Optional<InboundChannel<?>> byConsumer(String consumer) {
        return Optional.ofNullable(byConsumer.get(consumer));
    }

    /** The channel of this name, if this service declared it. */
    public Optional<InboundChannel<?>> byChannel(String channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }

    /** Every declared channel. */
    public Collection<InboundChannel<?>> channels() {
        return List.copyOf(byChannel.values());
    }

    private String topicOf(String channel) {
        return config.getOptionalValue("mp.messaging.incoming." + channel + ".topic", String.class).orElse(channel);
    }

    /** The dead-letter topic of a channel: as configured for the connector, else {@code <topic>-dlq}. */
    String deadLetterTopicOf(String channel, String topic) {
        return config.getOptionalValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class)
                .orElse(Topics.deadLetter(topic));
    }

    /** A fresh duplicated Vert.x context, safe for Hibernate Reactive, that every attempt of one record runs on. */
    Executor ownContext() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return command -> context.runOnContext(ignored -> command.run());
    }
}
