package io.backupcenter.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void backupRequestedHasEnoughPartitionsForWorkersToScaleOut() {
        assertThat(Topics.ALL).contains(new Topics.TopicSpec(Topics.BACKUP_REQUESTED, 12));
    }

    @Test
    void everyTopicIsDefinedOnce() {
        assertThat(Topics.ALL).extracting(Topics.TopicSpec::name).doesNotHaveDuplicates();
    }

    @Test
    void theVmEventsDeadLetterTopicHasThePublicName() {
        assertThat(Topics.deadLetter(Topics.VM_EVENTS)).isEqualTo("vm-events-dlq");
    }
}
