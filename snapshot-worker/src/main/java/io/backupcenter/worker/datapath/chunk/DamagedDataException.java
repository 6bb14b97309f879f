package io.backupcenter.worker.datapath.chunk;

import java.io.IOException;

/** Stored backup data that fails its check (authentication tag, hash, format): the message names what is damaged. */
public class DamagedDataException extends IOException {

    public DamagedDataException(String message) {
        super(message);
    }

    public DamagedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
