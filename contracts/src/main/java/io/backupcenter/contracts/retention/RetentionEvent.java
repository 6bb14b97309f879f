package io.backupcenter.contracts.retention;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code retention-events}, from policy-service. Key = protected item id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(RetentionAssigned.class))
public sealed interface RetentionEvent extends Event permits RetentionAssigned {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
