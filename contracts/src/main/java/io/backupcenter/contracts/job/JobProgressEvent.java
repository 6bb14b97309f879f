package io.backupcenter.contracts.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/** Events of topic {@code job-progress}, from snapshot workers while they run a job. Key = job id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes(@JsonSubTypes.Type(JobProgress.class))
public sealed interface JobProgressEvent extends Event permits JobProgress {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
