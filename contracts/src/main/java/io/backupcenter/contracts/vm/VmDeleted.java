package io.backupcenter.contracts.vm;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.backupcenter.contracts.OutsideEventId;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** A VM was deleted; its backups are kept. */
@JsonTypeName("VmDeleted")
public record VmDeleted(@JsonDeserialize(using = OutsideEventId.class) UUID eventId, Instant occurredAt,
        int schemaVersion, VmSpec vm) implements VmEvent {

    public VmDeleted {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(vm, "vm");
    }
}
