package io.backupcenter.worker.backup;

import io.backupcenter.worker.Directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One attempt at a backup: the recovery point it makes ({@code point}, derived from the job, the same for every
 * attempt) and the staging directory only this attempt writes ({@code .<point>.attempt-<token>} beside it). The
 * snapshot is taken into the staging directory; only the holder of the run's lease renames it into the point.
 */
record BackupAttempt(String pointId, String group, Path point, Path staging) {

    static BackupAttempt of(Path collection, String group, String pointId, long token) {
        return new BackupAttempt(pointId, group, collection.resolve(pointId),
                collection.resolve("." + pointId + ".attempt-" + token));
    }

    /** Bytes written into the staging directory so far (the watchdog's measure of a snapshot copy moving). */
    long stagedBytes() {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(staging)) {
            return files.mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Removes what this attempt staged and did not publish (never the point itself). */
    void discard() {
        Directories.delete(staging);
    }
}
