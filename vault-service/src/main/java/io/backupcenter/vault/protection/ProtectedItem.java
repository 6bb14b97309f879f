package io.backupcenter.vault.protection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A VM under the protection of a vault. Its state changes only through the methods below, which refuse the moves the
 * state does not allow ({@link ItemStateConflict}).
 */
@Entity
@Table(name = "protected_item")
public class ProtectedItem extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "vault_id", nullable = false)
    public String vaultId;

    @Column(name = "vm_id", nullable = false)
    public String vmId;

    @Column(name = "vm_name", nullable = false)
    public String vmName;

    @Column(name = "vm_resource_group", nullable = false)
    public String vmResourceGroup;

    @Column(nullable = false)
    public String region;

    @Column(name = "policy_id", nullable = false)
    public String policyId;

    @Enumerated(EnumType.STRING)
    @Column(name = "protection_state", nullable = false)
    private ProtectionState protectionState;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_backup_status")
    private LastBackupStatus lastBackupStatus;

    @Column(name = "last_backup_time")
    private Instant lastBackupTime;

    @Column(name = "latest_recovery_point_time")
    public Instant latestRecoveryPointTime;

    @Column(name = "running_job_id")
    private String runningJobId;

    @Column(name = "running_since")
    private Instant runningSince;

    @Column(name = "soft_deleted_at")
    private Instant softDeletedAt;

    @Column(name = "purge_at")
    private Instant purgeAt;

    /** Why policy-service cannot schedule the item (its code and message), or null while it schedules it. */
    @Column(name = "schedule_error_code")
    private String scheduleErrorCode;

    @Column(name = "schedule_error_message")
    private String scheduleErrorMessage;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Optimistic locking: of two transactions changing this row at once, the later one fails and is retried. */
    @Version
    long version;

    /** A new item for the VM, {@code IRPending} until its first backup succeeds. */
    public static ProtectedItem protect(String vaultId, String vmId, String vmName, String vmResourceGroup,
            String region, String policyId, Instant now) {
        ProtectedItem item = new ProtectedItem();
        item.id = UUID.randomUUID().toString();
        item.vaultId = vaultId;
        item.vmId = vmId;
        item.vmName = vmName;
        item.vmResourceGroup = vmResourceGroup;
        item.region = region;
        item.policyId = policyId;
        item.protectionState = ProtectionState.IRPending;
        item.createdAt = now;
        item.updatedAt = now;
        return item;
    }

    public ProtectionState protectionState() {
        return protectionState;
    }

    public LastBackupStatus lastBackupStatus() {
        return lastBackupStatus;
    }

    public Instant lastBackupTime() {
        return lastBackupTime;
    }

    public Instant softDeletedAt() {
        return softDeletedAt;
    }

    public Instant purgeAt() {
        return purgeAt;
    }

    /** Why scheduled backups of the item do not run ({@code [code, message]}), or null while they do. */
    public String[] scheduleError() {
        return scheduleErrorCode == null ? null : new String[] {scheduleErrorCode, scheduleErrorMessage};
    }

    /**
     * policy-service cannot schedule the item: an active item shows {@code ProtectionError} with the reason until it
     * is scheduled again ({@link #scheduled}).
     */
    public void scheduleFailed(String code, String message, Instant now) {
        scheduleErrorCode = code;
        scheduleErrorMessage = message;
        if (protectionState.isActive()) {
            protectionState = ProtectionState.ProtectionError;
        }
        updatedAt = now;
    }

    /**
     * policy-service schedules the item: a scheduling error it showed goes, and the item is back to {@code Protected}
     * (or {@code IRPending} before its first point) unless its last backup failed.
     */
    public void scheduled(Instant now) {
        if (scheduleErrorCode == null) {
            return;
        }
        scheduleErrorCode = null;
        scheduleErrorMessage = null;
        if (protectionState == ProtectionState.ProtectionError && lastBackupStatus != LastBackupStatus.Failed) {
            protectionState = latestRecoveryPointTime != null ? ProtectionState.Protected : ProtectionState.IRPending;
        }
        updatedAt = now;
    }

    /** The job of the backup running now, or null. A backup older than {@code staleAfter} no longer counts. */
    public String runningJobId(Instant now, Duration staleAfter) {
        return runningJobId != null && runningSince.plus(staleAfter).isAfter(now) ? runningJobId : null;
    }

    /** Scheduled backups stop; recovery points stay. Allowed while protection is active. */
    public void stopProtection(Instant now) {
        require(protectionState.isActive(), "stop protection of");
        protectionState = ProtectionState.ProtectionStopped;
        updatedAt = now;
    }

    /** Backup data deleted, kept until {@code now + retention}. Allowed unless already soft-deleted. */
    public void softDelete(Instant now, Duration retention) {
        require(protectionState != ProtectionState.SoftDeleted, "delete the backup data of");
        protectionState = ProtectionState.SoftDeleted;
        softDeletedAt = now;
        purgeAt = now.plus(retention);
        runningJobId = null;
        runningSince = null;
        updatedAt = now;
    }

    /** Allowed for a soft-deleted item: back to {@code ProtectionStopped}, its recovery points kept. */
    public void undelete(Instant now) {
        require(protectionState == ProtectionState.SoftDeleted, "undelete");
        protectionState = ProtectionState.ProtectionStopped;
        softDeletedAt = null;
        purgeAt = null;
        updatedAt = now;
    }

    /** Allowed for a stopped item: protected again, on {@code policyId} when given. */
    public void resume(String newPolicyId, Instant now) {
        require(protectionState == ProtectionState.ProtectionStopped, "resume protection of");
        if (newPolicyId != null) {
            policyId = newPolicyId;
        }
        protectionState = ProtectionState.Protected;
        updatedAt = now;
    }

    /** Allowed while protection is active: later backups follow {@code newPolicyId}. */
    public void changePolicy(String newPolicyId, Instant now) {
        require(protectionState.isActive(), "change the policy of");
        policyId = newPolicyId;
        updatedAt = now;
    }

    /**
     * A backup starts with job {@code jobId}. Allowed while protection is active and no other backup of the item runs
     * (a record of one older than {@code staleAfter} is taken as lost); the same job again is a no-op.
     */
    public void backupStarted(String jobId, Instant now, Duration staleAfter) {
        if (jobId.equals(runningJobId)) {
            return;
        }
        require(protectionState.isActive(), "back up");
        String running = runningJobId(now, staleAfter);
        if (running != null) {
            throw new BackupAlreadyRunning(vmName, running);
        }
        runningJobId = jobId;
        runningSince = now;
        updatedAt = now;
    }

    /**
     * Job {@code jobId} made a recovery point captured at {@code pointTime}: the first success turns {@code IRPending}
     * into {@code Protected}. Applies in any state (a backup may finish after protection stopped).
     */
    public void backupSucceeded(String jobId, Instant pointTime, Instant finishedAt) {
        finish(jobId, finishedAt);
        lastBackupStatus = LastBackupStatus.Completed;
        if (latestRecoveryPointTime == null || pointTime.isAfter(latestRecoveryPointTime)) {
            latestRecoveryPointTime = pointTime;
        }
        if (protectionState == ProtectionState.IRPending
                || (protectionState == ProtectionState.ProtectionError && scheduleErrorCode == null)) {
            protectionState = ProtectionState.Protected;
        }
    }

    /**
     * Job {@code jobId} failed. An item that has recovery points goes to {@code ProtectionError}; one without stays
     * {@code IRPending}.
     */
    public void backupFailed(String jobId, Instant finishedAt) {
        finish(jobId, finishedAt);
        lastBackupStatus = LastBackupStatus.Failed;
        if (protectionState == ProtectionState.Protected) {
            protectionState = ProtectionState.ProtectionError;
        }
    }

    private void finish(String jobId, Instant finishedAt) {
        if (jobId.equals(runningJobId)) {
            runningJobId = null;
            runningSince = null;
        }
        lastBackupTime = finishedAt;
        updatedAt = finishedAt;
    }

    private void require(boolean allowed, String action) {
        if (!allowed) {
            throw new ItemStateConflict(this, action);
        }
    }
}
