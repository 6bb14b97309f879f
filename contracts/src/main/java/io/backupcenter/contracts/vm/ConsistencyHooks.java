package io.backupcenter.contracts.vm;

/**
 * Commands a VM declares for application-consistent backups: {@code pre} quiesces the applications before the
 * snapshot, {@code post} resumes them. Either may be null.
 */
public record ConsistencyHooks(String pre, String post) {
}
