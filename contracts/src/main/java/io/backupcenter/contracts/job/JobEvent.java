package io.backupcenter.contracts.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code job-events}, from job-service for dashboards (public). Key = job id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(JobChanged.class))
public sealed interface JobEvent extends Event permits JobChanged {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
