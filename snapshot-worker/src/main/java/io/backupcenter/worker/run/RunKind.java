package io.backupcenter.worker.run;

/** The two kinds of run a worker leases, each with its table. */
public enum RunKind {
    /** A backup job: {@code backup_run}. */
    BACKUP("backup_run"),
    /** A restore job: {@code restore_run}. */
    RESTORE("restore_run");

    private final String table;

    RunKind(String table) {
        this.table = table;
    }

    String table() {
        return table;
    }
}
