package io.backupcenter.contracts.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/**
 * Events of topic {@code schedule-events}, from policy-service: whether a protected item is scheduled by its policy.
 * vault-service shows an item that cannot be scheduled as {@code ProtectionError} with the reason; job-service
 * completes (or fails) the ConfigureBackup job of a new item with them. Key = protected item id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ItemScheduled.class),
        @JsonSubTypes.Type(ItemNotScheduled.class)
})
public sealed interface ScheduleEvent extends Event permits ItemScheduled, ItemNotScheduled {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;

    /** The item it is about. */
    String protectedItemId();

    /** The item's vault (may be null in an {@code ItemNotScheduled} of an event that did not name it). */
    String vaultId();

    /** The ConfigureBackup job that protected the item, when this answers its {@code ProtectionConfigured}. */
    String jobId();
}
