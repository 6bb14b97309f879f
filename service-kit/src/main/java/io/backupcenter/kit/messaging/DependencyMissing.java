package io.backupcenter.kit.messaging;

/**
 * An event needs something this service does not hold yet (the vault, policy or item it is about, announced by
 * another event that has not arrived). The record is parked, not retried in place: records of other keys go on, and
 * the parked one is applied when its dependency arrives, or dead-lettered with this message after a bound.
 */
public class DependencyMissing extends RuntimeException {

    public DependencyMissing(String reason) {
        super(reason, null, false, false);
    }
}
