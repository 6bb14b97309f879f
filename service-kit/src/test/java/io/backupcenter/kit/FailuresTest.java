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
}
