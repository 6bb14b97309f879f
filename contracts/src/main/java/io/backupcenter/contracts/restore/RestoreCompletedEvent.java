package io.backupcenter.contracts.restore;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code restore-completed}, from the snapshot workers. Key = protected item id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(RestoreCompleted.class))
public sealed interface RestoreCompletedEvent extends Event permits RestoreCompleted {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
