package io.backupcenter.kit;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void aVersionThatMovedOnIsAConcurrentUpdateWhereverItIsWrapped() {
        assertThat(Failures.isConcurrentUpdate(new OptimisticLockException("row was updated"))).isTrue();
        assertThat(Failures.isConcurrentUpdate(new CompletionException(new StaleObjectStateException("Job", "j-1"))))
                .isTrue();
    }

    @Test
    void otherFailuresAreNotConcurrentUpdatesNorTransient() {
        IllegalStateException bug = new IllegalStateException("a bug");
        assertThat(Failures.isConcurrentUpdate(bug)).isFalse();
        assertThat(Failures.isTransient(new OptimisticLockException("row was updated"))).isFalse();
    }

    @Test
    void aMessageForPeopleLosesJavaClassNamesAndEverythingAfterItsFirstLine() {
        String wrapped = new java.io.UncheckedIOException(new java.io.IOException("No space left on device")).getMessage();

        assertThat(Failures.firstLine(wrapped)).isEqualTo("No space left on device");
        assertThat(Failures.firstLine("java.nio.file.NoSuchFileException: /var/lib/vms/a.img\n\tat x.y.Z(Z.java:1)"))
                .isEqualTo("/var/lib/vms/a.img");
        assertThat(Failures.firstLine("disk 'os' of VM 'web01.example.org' is gone")).isEqualTo(
                "disk 'os' of VM 'web01.example.org' is gone");
    }
}
