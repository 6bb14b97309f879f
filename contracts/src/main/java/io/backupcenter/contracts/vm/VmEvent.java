package io.backupcenter.contracts.vm;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/**
 * Events of the public topic {@code vm-events}, published by provisioning systems: a VM was created (perhaps with
 * backup enabled), updated or deleted. Key = VM id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(VmCreated.class),
        @JsonSubTypes.Type(VmUpdated.class),
        @JsonSubTypes.Type(VmDeleted.class)
})
public sealed interface VmEvent extends Event permits VmCreated, VmUpdated, VmDeleted {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;

    /** The VM the event is about. */
    VmSpec vm();

    @Override
    default String key() {
        return vm().id();
    }
}
