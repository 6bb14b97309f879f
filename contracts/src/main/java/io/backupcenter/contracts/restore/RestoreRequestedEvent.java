package io.backupcenter.contracts.restore;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code restore-requested}, from vault-service to the snapshot workers. Key = protected item id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(RestoreRequested.class))
public sealed interface RestoreRequestedEvent extends Event permits RestoreRequested {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
