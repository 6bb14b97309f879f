package io.backupcenter.contracts.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code job-cancellations}, from job-service to the snapshot workers. Key = job id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(JobCancelRequested.class))
public sealed interface JobCancellationEvent extends Event permits JobCancelRequested {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
