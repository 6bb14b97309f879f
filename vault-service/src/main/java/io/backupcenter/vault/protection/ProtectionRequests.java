package io.backupcenter.vault.protection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.backupcenter.kit.problem.Problem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** The request and answer bodies of the protected-item endpoints. */
public final class ProtectionRequests {

    private ProtectionRequests() {
    }

    /** {@code POST /vaults/{id}/protected-items}: protect these VMs with one policy (default: DefaultPolicy). */
    public record Protect(
            String policyId,
            @NotNull @Size(min = 1, max = 1000, message = "must list 1 to 1000 VM ids") List<@NotNull String> vmIds) {
    }

    /** One VM's outcome in a batch: 201 with the item, or the problem that kept it unprotected. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProtectResult(String vmId, int status, ProtectedItemView protectedItem, String jobId,
            Problem error) {
    }

    /** The answer to a batch: one result per VM listed, in the order listed. */
    public record ProtectResults(List<ProtectResult> results) {
    }

    /** {@code PATCH …/protected-items/{id}}: follow another policy of the vault. */
    public record ChangePolicy(@NotNull String policyId) {
    }

    /** {@code POST …/stop-protection}: keep the data, or delete it (confirming with the VM's name). */
    public record StopProtection(@NotNull Boolean deleteBackupData, String confirmName) {
    }

    /** {@code POST …/resume}: protect again, optionally on another policy. */
    public record Resume(String policyId) {
    }

    /** {@code POST …/backup}: "Back up now", keeping the recovery point until {@code retainUntil}. */
    public record BackupNow(Instant retainUntil) {
    }
}
