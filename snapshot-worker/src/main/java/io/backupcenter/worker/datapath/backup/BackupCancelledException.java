package io.backupcenter.worker.datapath.backup;

import java.io.IOException;

/** The backup was cancelled; nothing it wrote is referenced by a recovery point. */
public class BackupCancelledException extends IOException {

    public BackupCancelledException() {
        super("the backup was cancelled");
    }
}
