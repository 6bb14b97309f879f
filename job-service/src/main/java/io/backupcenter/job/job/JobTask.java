package io.backupcenter.job.job;

/** A step of a job and where it stands: NotStarted, InProgress, Completed, Failed or Cancelled. */
public record JobTask(String name, String status) {
}
