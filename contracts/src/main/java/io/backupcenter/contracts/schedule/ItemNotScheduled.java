package io.backupcenter.contracts.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * policy-service cannot schedule the item: a protection event of it could not be applied (its policy does not exist,
 * say) and was dead-lettered, or reconciliation found it on a policy that does not exist. No scheduled backup runs
 * until it is repaired; {@code errorMessage} says why and what to do.
 */
@JsonTypeName("ItemNotScheduled")
public record ItemNotScheduled(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String jobId,
        String errorCode,
        String errorMessage) implements ScheduleEvent {

    /** The error code of an item whose protection event policy-service could not apply. */
    public static final String NOT_SCHEDULED = "ItemNotScheduled";

    public ItemNotScheduled {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(errorCode, "errorCode");
        Require.field(errorMessage, "errorMessage");
    }

    /** A new event, now. */
    public static ItemNotScheduled of(Clock clock, String protectedItemId, String vaultId, String jobId,
            String errorCode, String errorMessage) {
        return new ItemNotScheduled(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, protectedItemId, vaultId, jobId,
                errorCode, errorMessage);
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
