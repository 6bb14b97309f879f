package io.backupcenter.contracts.protection;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.backupcenter.contracts.Event;

/**
 * Events of topic {@code protection-events}, from vault-service: the life of protected items. policy-service keeps
 * its copy of the items (what to schedule) from them; job-service makes the ConfigureBackup, DisableBackup,
 * DeleteBackupData and Undelete jobs from those that carry a {@code jobId}. Key = protected item id (the VM id for a
 * configuration that failed before an item existed).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ProtectionConfigured.class),
        @JsonSubTypes.Type(ProtectionConfigurationFailed.class),
        @JsonSubTypes.Type(ProtectionStopped.class),
        @JsonSubTypes.Type(BackupDataDeleted.class),
        @JsonSubTypes.Type(ItemUndeleted.class),
        @JsonSubTypes.Type(ProtectionResumed.class),
        @JsonSubTypes.Type(ItemPolicyChanged.class),
        @JsonSubTypes.Type(ProtectedVmUpdated.class),
        @JsonSubTypes.Type(ItemPurged.class)
})
public sealed interface ProtectionEvent extends Event permits ProtectionConfigured, ProtectionConfigurationFailed,
        ProtectionStopped, BackupDataDeleted, ItemUndeleted, ProtectionResumed, ItemPolicyChanged, ProtectedVmUpdated,
        ItemPurged {

    /** The shape this code writes and reads. */
    int SCHEMA_VERSION = 1;
}
