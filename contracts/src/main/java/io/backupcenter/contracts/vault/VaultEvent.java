package io.backupcenter.contracts.vault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code vault-events}: a vault's life, for the services that keep vault-scoped data. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(VaultCreated.class),
        @JsonSubTypes.Type(VaultDeleted.class)
})
public sealed interface VaultEvent extends Event permits VaultCreated, VaultDeleted {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;

    /** The vault the event is about. */
    String vaultId();

    @Override
    default String key() {
        return vaultId();
    }
}
