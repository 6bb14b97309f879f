package io.backupcenter.contracts.backup;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code rp-expired}. Key = protected item id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(RecoveryPointExpired.class))
public sealed interface RpExpiredEvent extends Event permits RecoveryPointExpired {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
