package io.backupcenter.worker.datapath.source;

import java.io.IOException;

/** A disk that cannot be read: missing, unreadable, or of a kind no source supports. The message says which. */
public class DiskUnavailableException extends IOException {

    public DiskUnavailableException(String message) {
        super(message);
    }

    public DiskUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
