package io.backupcenter.contracts.usage;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code vault-usage}, from the snapshot workers. Key = vault id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(VaultUsageReported.class))
public sealed interface VaultUsageEvent extends Event permits VaultUsageReported {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
