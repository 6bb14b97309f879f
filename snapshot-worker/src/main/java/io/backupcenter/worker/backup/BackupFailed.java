package io.backupcenter.worker.backup;

import io.backupcenter.contracts.backup.Failure;

/** A backup that ends without a recovery point, with the error the job shows. */
final class BackupFailed extends Exception {

    final Failure failure;

    BackupFailed(String code, String message) {
        super(message, null, false, false);
        this.failure = new Failure(code, message);
    }
}
