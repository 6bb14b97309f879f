package io.backupcenter.job.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupcenter.kit.persistence.JsonColumn;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job, built from the events of the operation it tracks. Events of one job can arrive in any order (they travel
 * on different topics), so each change merges: a finished job never goes back to running, and fields already known
 * are only filled in, not lost.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Operation operation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private JobStatus status;

    @Column(name = "entity_name")
    public String entityName;

    @Column(name = "vault_id")
    public String vaultId;

    /** The resource group of the job's vault: who may see the job. Null until job-service knows the vault. */
    @Column(name = "resource_group")
    public String resourceGroup;

    @Column(name = "protected_item_id")
    public String protectedItemId;

    @Column(name = "start_time", nullable = false)
    public Instant startTime;

    @Column(name = "end_time")
    private Instant endTime;

    @Column(name = "progress_percent", nullable = false)
    private int progressPercent;

    @Column(name = "error_code")
    private String errorCode;

    @Column(name = "error_message")
    private String errorMessage;

    @Column(name = "initiated_by")
    public String initiatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Convert(converter = TasksColumn.class)
    @Column(nullable = false)
    private List<JobTask> tasks = new ArrayList<>();

    @Column(name = "bytes_done", nullable = false)
    private long bytesDone;

    @Column(name = "bytes_total", nullable = false)
    private long bytesTotal;

    @Column(name = "bytes_stored", nullable = false)
    private long bytesStored;

    /** Optimistic locking: of two transactions changing this row at once, the later one fails and is retried. */
    @Version
    long version;

    /** The tasks as JSON. */
    @Converter
    static class TasksColumn extends JsonColumn<List<JobTask>> {
        TasksColumn() {
            super(new TypeReference<List<JobTask>>() {
            });
        }
    }

    /** The one task of a Verify job. */
    static final String VERIFY_DATA = "Verify data";

    /** The tasks of each operation, in order. */
    static List<String> tasksOf(Operation operation) {
        return switch (operation) {
            case Backup -> List.of("Take Snapshot", "Transfer data to vault");
            case Restore -> List.of("Restore disks");
            case Verify -> List.of(VERIFY_DATA);
            default -> List.of();
        };
    }

    /** A job that started at {@code startTime}, its tasks not started. */
    public static Job start(String id, Operation operation, Instant startTime) {
        Job job = new Job();
        job.id = id;
        job.operation = operation;
        job.status = JobStatus.InProgress;
        job.startTime = startTime;
        job.updatedAt = startTime;
        job.tasks = new ArrayList<>(tasksOf(operation).stream().map(name -> new JobTask(name, "NotStarted")).toList());
        return job;
    }

    public List<JobTask> tasks() {
        return List.copyOf(tasks);
    }

    public long bytesDone() {
        return bytesDone;
    }

    public long bytesTotal() {
        return bytesTotal;
    }

    public long bytesStored() {
        return bytesStored;
    }

    /**
     * Progress of a running job: task {@code task} is {@code taskStatus}, the tasks before it are done; percent and
     * bytes only move forward. A finished job ignores progress that arrives late.
     */
    public void progress(String task, String taskStatus, int percent, long done, long total, long stored, Instant at) {
        if (status.isFinished()) {
            return;
        }
        List<JobTask> updated = new ArrayList<>();
        boolean before = true;
        for (JobTask existing : tasks) {
            if (existing.name().equals(task)) {
                updated.add(new JobTask(task, taskStatus));
                before = false;
            } else {
                updated.add(before ? new JobTask(existing.name(), "Completed") : existing);
            }
        }
        if (before) {
            updated.add(new JobTask(task, taskStatus));
        }
        tasks = updated;
        progressPercent = Math.max(progressPercent, Math.min(percent, 99));
        bytesDone = Math.max(bytesDone, done);
        bytesTotal = Math.max(bytesTotal, total);
        bytesStored = Math.max(bytesStored, stored);
        updatedAt = at;
    }

    public JobStatus status() {
        return status;
    }

    public Instant endTime() {
        return endTime;
    }

    public int progressPercent() {
        return progressPercent;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** Fills in what an event tells about the job; values already known stay. */
    /** The job belongs to the vault's resource group (once known; it does not change). */
    public void placeIn(String resourceGroup) {
        this.resourceGroup = this.resourceGroup != null ? this.resourceGroup : resourceGroup;
    }

    public void describe(String entityName, String vaultId, String protectedItemId, String initiatedBy) {
        this.entityName = this.entityName != null ? this.entityName : entityName;
        this.vaultId = this.vaultId != null ? this.vaultId : vaultId;
        this.protectedItemId = this.protectedItemId != null ? this.protectedItemId : protectedItemId;
        this.initiatedBy = this.initiatedBy != null ? this.initiatedBy : initiatedBy;
    }

    /** The job started earlier than recorded (its start event arrived after another one). */
    public void startedAt(Instant time) {
        if (time.isBefore(startTime)) {
            startTime = time;
        }
    }

    /** A cancel was asked for: the job shows {@code Cancelling} until the worker's result ends it. */
    public void cancelling(Instant at) {
        if (!status.isFinished()) {
            status = JobStatus.Cancelling;
            updatedAt = at;
        }
    }

    /** The job ended at {@code time} with {@code outcome}; a job that has already ended keeps its first ending. */
    public void finish(JobStatus outcome, Instant time, String code, String message) {
        if (status.isFinished()) {
            return;
        }
        status = outcome;
        endTime = time.isBefore(startTime) ? startTime : time;
        errorCode = code;
        errorMessage = message;
        if (outcome == JobStatus.Completed || outcome == JobStatus.CompletedWithWarnings) {
            progressPercent = 100;
            bytesDone = Math.max(bytesDone, bytesTotal);
            tasks = new ArrayList<>(tasks.stream().map(t -> new JobTask(t.name(), "Completed")).toList());
        } else {
            String ended = outcome == JobStatus.Cancelled ? "Cancelled" : "Failed";
            boolean marked = false;
            List<JobTask> updated = new ArrayList<>();
            for (JobTask t : tasks) {
                if (!marked && !t.status().equals("Completed")) {
                    updated.add(new JobTask(t.name(), ended));
                    marked = true;
                } else {
                    updated.add(t);
                }
            }
            tasks = updated;
        }
        updatedAt = time;
    }
}
