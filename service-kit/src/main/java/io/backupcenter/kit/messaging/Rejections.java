package io.backupcenter.kit.messaging;

import io.smallrye.mutiny.Uni;

/**
 * What a consumer records when it rejects a record, besides sending it to the dead-letter topic: e.g. a failed job
 * that shows the reason to people. Runs in its own transaction, once per rejected record.
 */
@FunctionalInterface
public interface Rejections<E> {

    /** Records nothing. */
    static <E> Rejections<E> none() {
        return (payload, event, reason) -> Uni.createFrom().voidItem();
    }

    /**
     * Records the rejection of {@code payload}; {@code event} is null when the record could not be read as an event.
     */
    Uni<Void> record(String payload, E event, String reason);
}
