package io.backupcenter.contracts.backup;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code snapshot-completed}. Key = protected item id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(SnapshotCompleted.class))
public sealed interface SnapshotCompletedEvent extends Event permits SnapshotCompleted {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
