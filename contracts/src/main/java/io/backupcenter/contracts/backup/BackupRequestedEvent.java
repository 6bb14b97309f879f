package io.backupcenter.contracts.backup;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code backup-requested}. Key = protected item id, so an item's backups stay in order. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(BackupRequested.class))
public sealed interface BackupRequestedEvent extends Event permits BackupRequested {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
