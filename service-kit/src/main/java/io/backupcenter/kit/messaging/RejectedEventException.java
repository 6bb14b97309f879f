package io.backupcenter.kit.messaging;

import io.backupcenter.contracts.MalformedEventException;

/**
 * A well-formed event that breaks a rule (a vault in another region, an unknown policy). Like a malformed one it goes
 * to the dead-letter topic with this message as the reason; nothing it would have changed is kept.
 */
public class RejectedEventException extends MalformedEventException {

    public RejectedEventException(String reason) {
        super(reason);
    }
}
