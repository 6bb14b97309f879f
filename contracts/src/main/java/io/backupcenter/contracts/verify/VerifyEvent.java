package io.backupcenter.contracts.verify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/**
 * Events of topic {@code vault-verifications}: a verification asked for (from vault-service), started and ended (from
 * the snapshot workers). Key = vault id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(VerifyRequested.class), @JsonSubTypes.Type(VerifyStarted.class),
        @JsonSubTypes.Type(VerifyCompleted.class)})
public sealed interface VerifyEvent extends Event permits VerifyRequested, VerifyStarted, VerifyCompleted {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
