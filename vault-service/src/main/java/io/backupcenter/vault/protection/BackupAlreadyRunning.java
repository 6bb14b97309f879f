package io.backupcenter.vault.protection;

import io.backupcenter.kit.problem.ApiException;

/** A backup of the item is already running. */
public class BackupAlreadyRunning extends ApiException.Conflict {

    public BackupAlreadyRunning(String vmName, String jobId) {
        super("backup-running", "A backup of '" + vmName + "' is already running (job " + jobId
                + "); wait for it to finish.");
    }
}
