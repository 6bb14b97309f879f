package io.backupcenter.vault.restore;

import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.restore.RestoreType;

/**
 * {@code POST …/recovery-points/{rpId}/restore}: RestoreDisks writes each disk into {@code target} (a file:/// directory);
 * AlternateLocation also registers the VM {@code vmName} in {@code resourceGroup} on the restored disks (in
 * {@code target}, or a directory the worker chooses); OriginalLocation overwrites the VM's own disks.
 * {@code sourceTier}: Snapshot or Vault (default: Snapshot while the point has it).
 */
public record RestoreRequest(RestoreType restoreType, String target, String vmName, String resourceGroup,
        Tier sourceTier) {
}
