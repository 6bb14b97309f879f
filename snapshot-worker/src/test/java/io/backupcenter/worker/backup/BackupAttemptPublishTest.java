package io.backupcenter.worker.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing an attempt's snapshot never deletes or replaces what is at the point's name. */
class BackupAttemptPublishTest {

    @TempDir
    Path collection;

    private BackupAttempt staged(long token, String content) throws Exception {
        BackupAttempt attempt = BackupAttempt.of(collection, "group", "point-1", token);
        Files.createDirectories(attempt.staging());
        Files.writeString(attempt.staging().resolve("osdisk.img"), content);
        return attempt;
    }

    @Test
    void theHoldersSnapshotBecomesThePointAndEarlierAttemptsGo() throws Exception {
        BackupAttempt stale = staged(1, "stale");
        BackupAttempt holder = staged(2, "holder");

        Path published = BackupRecords.publishFiles(holder, 2);

        assertThat(published).isEqualTo(holder.point());
        assertThat(holder.point().resolve("osdisk.img")).hasContent("holder");
        assertThat(stale.staging()).doesNotExist();
        // Retried after the move (its transaction failed later): the snapshot is found in place.
        assertThat(BackupRecords.publishFiles(holder, 2)).isEqualTo(holder.point());
    }

    @Test
    void aPointNameTakenByAnAttemptThatNeverCommittedIsNotReplaced() throws Exception {
        BackupAttempt stale = staged(1, "stale");
        Files.move(stale.staging(), stale.point());
        BackupAttempt holder = staged(2, "holder");

        Path published = BackupRecords.publishFiles(holder, 2);

        assertThat(published).isEqualTo(holder.staging());
        assertThat(holder.staging().resolve("osdisk.img")).hasContent("holder");
        assertThat(holder.point().resolve("osdisk.img")).hasContent("stale");
    }

    @Test
    void aStaleAttemptCannotMoveItsSnapshotOverThePublishedOne() throws Exception {
        BackupAttempt holder = staged(2, "holder");
        BackupRecords.publishFiles(holder, 2);
        BackupAttempt stale = staged(1, "stale");

        // A stale attempt that passed the fence before it was paused, and publishes now.
        Path where = BackupRecords.publishFiles(stale, 1);

        assertThat(where).isEqualTo(stale.staging());
        assertThat(holder.point().resolve("osdisk.img")).hasContent("holder");
    }
}
