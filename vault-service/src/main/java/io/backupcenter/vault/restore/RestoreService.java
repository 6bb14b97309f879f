package io.backupcenter.vault.restore;

import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.restore.RestoreRequested;
import io.backupcenter.contracts.restore.RestoreRequestedEvent;
import io.backupcenter.contracts.restore.RestoreType;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.problem.Problem;
import io.backupcenter.vault.catalog.RecoveryPoint;
import io.backupcenter.vault.catalog.RecoveryPointRepository;
import io.backupcenter.vault.protection.ProtectedItem;
import io.backupcenter.vault.protection.ProtectedItemNotFound;
import io.backupcenter.vault.protection.ProtectedItemRepository;
import io.backupcenter.vault.protection.ProtectionState;
import io.backupcenter.vault.vault.Names;
import io.backupcenter.vault.vault.Vault;
import io.backupcenter.vault.vault.VaultNotFound;
import io.backupcenter.vault.vault.VaultRepository;
import io.backupcenter.vault.vm.VmNameTaken;
import io.backupcenter.vault.vm.VmDisks;
import io.backupcenter.vault.vm.VmRepository;
import io.backupcenter.vault.vm.VmRules;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts restores: checks the request against the recovery point and the inventory, then asks the snapshot workers
 * ({@code restore-requested}, through the outbox) and answers with the Restore job.
 */
@ApplicationScoped
public class RestoreService {

    private final VaultRepository vaults;
    private final ProtectedItemRepository items;
    private final RecoveryPointRepository points;
    private final VmRepository vms;
    private final VmDisks disks;
    private final Outbox outbox;
    private final Clock clock;

    RestoreService(VaultRepository vaults, ProtectedItemRepository items, RecoveryPointRepository points,
            VmRepository vms, VmDisks disks, Outbox outbox, Clock clock) {
        this.disks = disks;
        this.vaults = vaults;
        this.items = items;
        this.points = points;
        this.vms = vms;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Requests the restore; returns the job id. */
    @WithTransaction
    public Uni<String> restore(String vaultId, String itemId, String pointId, RestoreRequest request,
            String initiatedBy) {
        check(request);
        String jobId = UUID.randomUUID().toString();
        return vaults.findById(vaultId).onItem().ifNull().failWith(() -> new VaultNotFound(vaultId))
                .chain(vault -> items.inVault(vaultId, itemId)
                        .onItem().ifNull().failWith(() -> new ProtectedItemNotFound(vaultId, itemId))
                        .chain(item -> points.findById(pointId)
                                .onItem().ifNull().failWith(() -> new ApiException.NotFound(
                                        "Protected item '" + item.vmName + "' has no recovery point '" + pointId + "'."))
                                .chain(point -> {
                                    if (!point.protectedItemId.equals(item.id)) {
                                        throw new ApiException.NotFound("Protected item '" + item.vmName
                                                + "' has no recovery point '" + pointId + "'.");
                                    }
                                    return request(vault, item, point, request, jobId, initiatedBy);
                                })))
                .replaceWith(jobId);
    }

    private Uni<Void> request(Vault vault, ProtectedItem item, RecoveryPoint point, RestoreRequest request,
            String jobId, String initiatedBy) {
        if (item.protectionState() == ProtectionState.SoftDeleted) {
            throw new ApiException.Conflict("protection-state", "'" + item.vmName
                    + "' is soft-deleted; undelete it before restoring from it.");
        }
        Tier tier = request.sourceTier() != null ? request.sourceTier()
                : point.inSnapshotTier ? Tier.Snapshot : Tier.Vault;
        if (tier == Tier.All) {
            throw new ApiException.BadRequest("sourceTier", "must be Snapshot or Vault");
        }
        if ((tier == Tier.Snapshot && !point.inSnapshotTier) || (tier == Tier.Vault && !point.inVaultTier)) {
            throw new ApiException.Conflict("tier-expired", "The " + tier + " tier of this recovery point has "
                    + "expired; restore from the " + (tier == Tier.Snapshot ? "Vault" : "Snapshot") + " tier.");
        }
        return vms.findById(item.vmId).chain(vm -> {
            if (vm == null && request.restoreType() == RestoreType.OriginalLocation) {
                throw new ApiException.Conflict("vm-gone", "The VM of '" + item.vmName
                        + "' no longer exists; restore to an alternate location or restore its disks instead.");
            }
            VmSpec original = vm != null ? vm.toSpec()
                    : new VmSpec(item.vmId, item.vmName, item.vmResourceGroup, item.region, "Linux", "Stopped",
                    List.of(), null);
            if (request.restoreType() != RestoreType.AlternateLocation) {
                return announce(vault, item, point, request, tier, original, null, jobId, initiatedBy);
            }
            return vms.named(request.resourceGroup(), request.vmName()).chain(taken -> {
                if (taken != null) {
                    throw new VmNameTaken(request.resourceGroup(), request.vmName());
                }
                VmSpec newVm = new VmSpec(UUID.randomUUID().toString(), request.vmName(), request.resourceGroup(),
                        original.region(), original.osType(), "Stopped", List.of(), null);
                return announce(vault, item, point, request, tier, original, newVm, jobId, initiatedBy);
            });
        });
    }

    private Uni<Void> announce(Vault vault, ProtectedItem item, RecoveryPoint point, RestoreRequest request, Tier tier,
            VmSpec vm, VmSpec newVm, String jobId, String initiatedBy) {
        Uni<Void> checked = request.target() == null ? Uni.createFrom().voidItem()
                : disks.checkRestoreTarget(request.target(), newVm != null ? newVm.resourceGroup() : item.vmResourceGroup);
        return checked.chain(() -> outbox.add(Topics.RESTORE_REQUESTED, new RestoreRequested(UUID.randomUUID(), clock.instant(),
                RestoreRequestedEvent.SCHEMA_VERSION, jobId, item.id, vault.id, point.id, request.restoreType(), tier,
                request.target(), vm, newVm, vault.storageRedundancy.name(), initiatedBy)));
    }

    /** The rules of the request body: one answer names every field at fault. */
    static void check(RestoreRequest request) {
        if (request == null) {
            throw new ApiException.BadRequest("body", "a restore request is required");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.restoreType() == null) {
            errors.add(new Problem.FieldError("restoreType",
                    "is required: RestoreDisks, AlternateLocation or OriginalLocation"));
        }
        if (request.restoreType() == RestoreType.RestoreDisks && request.target() == null) {
            errors.add(new Problem.FieldError("target", "is required for RestoreDisks: a file:/// directory"));
        }
        if (request.target() != null && !request.target().matches("file:///[^\\s]+")) {
            errors.add(new Problem.FieldError("target", "must be a file:/// URI of a directory"));
        }
        if (request.restoreType() == RestoreType.AlternateLocation) {
            if (request.vmName() == null || !request.vmName().matches(VmRules.NAME)) {
                errors.add(new Problem.FieldError("vmName", VmRules.NAME_RULE));
            }
            if (request.resourceGroup() == null || !request.resourceGroup().matches(Names.RESOURCE_GROUP)) {
                errors.add(new Problem.FieldError("resourceGroup", Names.RESOURCE_GROUP_RULE));
            }
        }
        if (request.restoreType() == RestoreType.OriginalLocation && request.target() != null) {
            errors.add(new Problem.FieldError("target", "an OriginalLocation restore writes the VM's own disks"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException.BadRequest(String.join("; ",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList()), errors);
        }
    }
}
