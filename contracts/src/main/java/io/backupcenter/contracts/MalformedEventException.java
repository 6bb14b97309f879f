package io.backupcenter.contracts;

/** A record that cannot be read as an event of its topic; its message says why, for the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
