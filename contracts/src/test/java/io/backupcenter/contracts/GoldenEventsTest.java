package io.backupcenter.contracts;

import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.RpExpiredEvent;
import io.backupcenter.contracts.backup.SnapshotCompleted;
import io.backupcenter.contracts.backup.SnapshotCompletedEvent;
import io.backupcenter.contracts.protection.ProtectionConfigurationFailed;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.vm.VmCreated;
import io.backupcenter.contracts.vm.VmEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every golden event file reads as its topic's type and writes back unchanged: producers and consumers agree. */
class GoldenEventsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "VmCreated.v1.json, io.backupcenter.contracts.vm.VmEvent",
            "VmDeleted.v1.json, io.backupcenter.contracts.vm.VmEvent",
            "ProtectionConfigured.v1.json, io.backupcenter.contracts.protection.ProtectionEvent",
            "ProtectionConfigurationFailed.v1.json, io.backupcenter.contracts.protection.ProtectionEvent",
            "BackupRequested.v1.json, io.backupcenter.contracts.backup.BackupRequestedEvent",
            "SnapshotCompleted.v1.json, io.backupcenter.contracts.backup.SnapshotCompletedEvent",
            "SnapshotCompleted.failed.v1.json, io.backupcenter.contracts.backup.SnapshotCompletedEvent",
            "RecoveryPointExpired.v1.json, io.backupcenter.contracts.backup.RpExpiredEvent",
            "RetentionAssigned.v1.json, io.backupcenter.contracts.retention.RetentionEvent",
            "RestoreRequested.v1.json, io.backupcenter.contracts.restore.RestoreRequestedEvent",
            "RestoreCompleted.v1.json, io.backupcenter.contracts.restore.RestoreCompletedEvent",
            "JobChanged.v1.json, io.backupcenter.contracts.job.JobEvent",
            "JobCancelRequested.v1.json, io.backupcenter.contracts.job.JobCancellationEvent",
            "VerifyRequested.v1.json, io.backupcenter.contracts.verify.VerifyEvent",
            "VerifyStarted.v1.json, io.backupcenter.contracts.verify.VerifyEvent",
            "VerifyCompleted.repaired.v1.json, io.backupcenter.contracts.verify.VerifyEvent",
            "VerifyCompleted.failed.v1.json, io.backupcenter.contracts.verify.VerifyEvent",
            "ItemScheduled.v1.json, io.backupcenter.contracts.schedule.ScheduleEvent",
            "ItemNotScheduled.v1.json, io.backupcenter.contracts.schedule.ScheduleEvent",
    })
    void roundTripsUnchanged(String file, Class<?> topicType) throws Exception {
        Object event = EventJson.read(GoldenEvents.text(file), topicType);

        assertThat(EventJson.mapper().readTree(EventJson.write(event))).isEqualTo(GoldenEvents.tree(file));
    }

    @Test
    void thePublicVmCreatedExampleCarriesTheBackupBlock() {
        VmCreated event = (VmCreated) EventJson.read(GoldenEvents.text("VmCreated.v1.json"), VmEvent.class);

        assertThat(event.key()).isEqualTo("vm-123");
        assertThat(event.backup().isEnabled()).isTrue();
        assertThat(event.backup().mayCreateVault()).isTrue();
        assertThat(event.vm().disks()).singleElement().satisfies(d -> assertThat(d.lun()).isEqualTo(-1));
    }

    @Test
    void aFailedConfigurationIsKeyedByTheVm() {
        ProtectionEvent event = EventJson.read(GoldenEvents.text("ProtectionConfigurationFailed.v1.json"),
                ProtectionEvent.class);

        assertThat(event.key()).isEqualTo("vm-124");
        assertThat(event).isInstanceOf(ProtectionConfigurationFailed.class);
    }

    @Test
    void aSucceededSnapshotWithoutItsRecoveryPointIsMalformed() {
        String json = GoldenEvents.text("SnapshotCompleted.v1.json").replaceAll("(?s)\"recoveryPoint\" : \\{.*?\\]\\s*\\},", "");

        assertThatThrownBy(() -> EventJson.read(json, SnapshotCompletedEvent.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("field 'recoveryPoint' is required when status is Succeeded");
    }

    @Test
    void anUnknownTierIsMalformed() {
        String json = GoldenEvents.text("RecoveryPointExpired.v1.json").replace("\"Vault\"", "\"Tape\"");

        assertThatThrownBy(() -> EventJson.read(json, RpExpiredEvent.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'tier'");
    }

    @Test
    void anExpiryIsKeyedByItsProtectedItem() {
        RecoveryPointExpired event = (RecoveryPointExpired) EventJson.read(
                GoldenEvents.text("RecoveryPointExpired.v1.json"), RpExpiredEvent.class);

        assertThat(event.key()).isEqualTo("1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a");
    }

    @Test
    void backupRequestsAndSnapshotsReadAsTheirTypes() {
        assertThat(EventJson.read(GoldenEvents.text("BackupRequested.v1.json"), BackupRequestedEvent.class))
                .isNotNull();
        assertThat(EventJson.read(GoldenEvents.text("SnapshotCompleted.v1.json"), SnapshotCompletedEvent.class))
                .isInstanceOf(SnapshotCompleted.class);
    }
}
