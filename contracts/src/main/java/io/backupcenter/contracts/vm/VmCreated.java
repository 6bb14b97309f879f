package io.backupcenter.contracts.vm;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.backupcenter.contracts.OutsideEventId;
import io.backupcenter.contracts.Require;

import java.time.Instant;
import java.util.UUID;

/** A VM was created; with {@code backup.enabled} it is to be protected at once. */
@JsonTypeName("VmCreated")
public record VmCreated(@JsonDeserialize(using = OutsideEventId.class) UUID eventId, Instant occurredAt, int schemaVersion, VmSpec vm,
        BackupSettings backup) implements VmEvent {

    public VmCreated {
        Require.field(eventId, "eventId");
        Require.field(occurredAt, "occurredAt");
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION);
        Require.field(vm, "vm");
    }
}
