package io.backupcenter.worker.backup;

import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.worker.ProgressReporter;
import io.backupcenter.worker.run.Lease;

/** Progress reports of one backup attempt: to {@code job-progress}, and to its lease (the run moves). */
record BackupProgress(ProgressReporter reporter, BackupRequested request, Lease lease) {

    void report(String task, String status, long done, long total, long stored, int percent) {
        lease.progressed();
        reporter.report(request.jobId(), request.protectedItemId(), task, status, done, total, stored, percent);
    }

    static int percent(long done, long total) {
        return total == 0 ? 100 : (int) Math.min(99, 5 + done * 95 / total);
    }
}
