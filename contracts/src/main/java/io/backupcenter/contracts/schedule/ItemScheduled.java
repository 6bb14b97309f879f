package io.backupcenter.contracts.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.backupcenter.contracts.Require;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * policy-service schedules the item by its policy: its next backup runs at {@code nextRunAt} (null while protection is
 * stopped). Sent for a new item (with its ConfigureBackup {@code jobId}), a resumed one, a change of policy and when
 * reconciliation repaired the item's schedule.
 */
@JsonTypeName("ItemScheduled")
public record ItemScheduled(
        UUID eventId,
        Instant occurredAt,
        int schemaVersion,
        String protectedItemId,
        String vaultId,
        String policyId,
        String jobId,
        Instant nextRunAt) implements ScheduleEvent {

    public ItemScheduled {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(protectedItemId, "protectedItemId");
        Require.field(vaultId, "vaultId");
        Require.field(policyId, "policyId");
    }

    /** A new event, now. */
    public static ItemScheduled of(Clock clock, String protectedItemId, String vaultId, String policyId, String jobId,
            Instant nextRunAt) {
        return new ItemScheduled(UUID.randomUUID(), clock.instant(), SCHEMA_VERSION, protectedItemId, vaultId, policyId,
                jobId, nextRunAt);
    }

    @Override
    public String key() {
        return protectedItemId;
    }
}
