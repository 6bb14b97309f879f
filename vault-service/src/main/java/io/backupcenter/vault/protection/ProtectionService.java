package io.backupcenter.vault.protection;

import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.backup.BackupRequested;
import io.backupcenter.contracts.backup.BackupRequestedEvent;
import io.backupcenter.contracts.backup.ExpiryReason;
import io.backupcenter.contracts.backup.RecoveryPointExpired;
import io.backupcenter.contracts.backup.Tier;
import io.backupcenter.contracts.backup.Trigger;
import io.backupcenter.contracts.protection.BackupDataDeleted;
import io.backupcenter.contracts.protection.ItemPolicyChanged;
import io.backupcenter.contracts.protection.ItemPurged;
import io.backupcenter.contracts.protection.ItemUndeleted;
import io.backupcenter.contracts.protection.ProtectionConfigured;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.protection.ProtectionResumed;
import io.backupcenter.contracts.protection.ProtectionStopped;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.vault.catalog.RecoveryPoint;
import io.backupcenter.vault.catalog.RecoveryPointRepository;
import io.backupcenter.vault.catalog.RecoveryPointRetentionRepository;
import io.backupcenter.vault.protection.ProtectionRequests.ProtectResult;
import io.backupcenter.vault.vault.Vault;
import io.backupcenter.vault.vault.VaultNotFound;
import io.backupcenter.vault.vault.VaultRepository;
import io.backupcenter.vault.vm.VirtualMachine;
import io.backupcenter.vault.vm.VmRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every change of protection: protect VMs (one or a batch), change policy, back up now, stop (keeping or deleting
 * data), undelete, resume, purge. Each change and the events announcing it commit in one transaction.
 */
@ApplicationScoped
public class ProtectionService {

    /** On-demand recovery points are kept this long unless the request says otherwise (as in Azure). */
    static final Duration DEFAULT_ON_DEMAND_RETENTION = Duration.ofDays(30);
    /** The furthest {@code retainUntil} accepted. */
    static final long MAX_RETENTION_YEARS = 99;

    private final ProtectedItemRepository items;
    private final VmRepository vms;
    private final VaultRepository vaults;
    private final RecoveryPointRepository points;
    private final RecoveryPointRetentionRepository retentions;
    private final PolicyDirectory policies;
    private final PolicyRetirement retirement;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration staleAfter;

    ProtectionService(ProtectedItemRepository items, VmRepository vms, VaultRepository vaults,
            RecoveryPointRepository points, RecoveryPointRetentionRepository retentions, PolicyDirectory policies,
            PolicyRetirement retirement, Outbox outbox, Clock clock,
            @ConfigProperty(name = "backup-center.backup.stale-after", defaultValue = "PT6H") Duration staleAfter) {
        this.items = items;
        this.vms = vms;
        this.vaults = vaults;
        this.points = points;
        this.retentions = retentions;
        this.policies = policies;
        this.retirement = retirement;
        this.outbox = outbox;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Protect

    /**
     * Protects each VM with the policy (DefaultPolicy when none is named): one result per VM listed. The policy is
     * checked first (404 for the whole call); each VM is then checked and the valid ones protected together.
     */
    public Uni<List<ProtectResult>> protect(String vaultId, String policyId, List<String> vmIds, String initiatedBy,
            ResourceGroupScope scope) {
        return Panache.withSession(() -> requireVault(vaultId))
                .chain(vault -> policies.requireId(vaultId, policyId == null ? Ids.defaultPolicyId(vaultId) : policyId)
                        .chain(resolved -> Panache.withTransaction(() -> protectEach(vault, resolved, vmIds,
                                initiatedBy, scope))))
                .onFailure(Failures::isUniqueViolation).transform(e -> new ApiException.Conflict("protection-race",
                        "Another request protected one of these VMs at the same moment; nothing was changed, "
                                + "try again."));
    }

    /**
     * Protects each VM, in the order of their ids (two batches naming the same VMs lock their rows in one order, so
     * they cannot deadlock); the results come in the order listed, a VM listed twice refused the second time.
     */
    private Uni<List<ProtectResult>> protectEach(Vault vault, String policyId, List<String> vmIds,
            String initiatedBy, ResourceGroupScope scope) {
        List<String> inOrder = vmIds.stream().distinct().sorted().toList();
        return Multi.createFrom().iterable(inOrder)
                .onItem().transformToUniAndConcatenate(vmId -> {
                    String jobId = UUID.randomUUID().toString();
                    return vms.findById(vmId)
                            .map(vm -> vm != null && scope.allows(vm.resourceGroup) ? vm : null)
                            .onItem().ifNull().failWith(() -> new io.backupcenter.vault.vm.VmNotFound(vmId))
                            .chain(vm -> protectVm(vault, vm, policyId, jobId, initiatedBy))
                            .map(item -> new ProtectResult(vmId, 201, ProtectedItemView.from(item), jobId, null))
                            .onFailure(ApiException.class)
                            .recoverWithItem(e -> failed(vmId, (ApiException) e));
                })
                .collect().asList()
                .map(results -> {
                    Map<String, ProtectResult> byVm = new java.util.HashMap<>();
                    results.forEach(result -> byVm.put(result.vmId(), result));
                    Set<String> seen = new HashSet<>();
                    return vmIds.stream().map(vmId -> seen.add(vmId) ? byVm.get(vmId)
                            : failed(vmId, new ApiException.BadRequest("vmIds",
                                    "'" + vmId + "' is listed more than once"))).toList();
                });
    }

    private static ProtectResult failed(String vmId, ApiException e) {
        return new ProtectResult(vmId, e.status(), null, null, e.toProblem());
    }

    /**
     * Protects one VM in the caller's transaction and announces it ({@code ProtectionConfigured}, the
     * ConfigureBackup job {@code jobId}). Refuses a VM of another region (400) and one that any vault holds (409).
     * Holds, until the transaction ends, the vault (shared: it cannot be deleted meanwhile, 404 if it was) and the
     * policy (shared: it cannot be retired meanwhile, 404 if it was); the VM's unique item refuses a second vault.
     */
    public Uni<ProtectedItem> protectVm(Vault vault, VirtualMachine vm, String policyId, String jobId,
            String initiatedBy) {
        if (!vm.region.equalsIgnoreCase(vault.region)) {
            return Uni.createFrom().failure(new VmInAnotherRegion(vm, vault));
        }
        return vaults.lockShared(vault.id)
                .onItem().ifNull().failWith(() -> new VaultNotFound(vault.id))
                .chain(() -> retirement.use(vault.id, policyId))
                .chain(() -> items.ofVm(vm.id)).chain(existing -> {
            if (existing != null) {
                return vaults.findById(existing.vaultId)
                        .map(holder -> {
                            throw new VmAlreadyProtected(vm.name, existing, holder == null ? existing.vaultId : holder.name);
                        });
            }
            ProtectedItem item = ProtectedItem.protect(vault.id, vm.id, vm.name, vm.resourceGroup, vm.region,
                    policyId, clock.instant());
            return items.persist(item)
                    .call(() -> announce(new ProtectionConfigured(UUID.randomUUID(), clock.instant(),
                            ProtectionEvent.SCHEMA_VERSION, jobId, item.id, vault.id, vault.name, policyId,
                            vm.toSpec(), initiatedBy)));
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Read

    /** The vault's items, optionally in one state; 404 for an unknown vault. */
    @WithSession
    public Uni<List<ProtectedItem>> list(String vaultId, ProtectionState state) {
        return requireVault(vaultId).chain(vault -> items.ofVault(vaultId, state));
    }

    /** One item of the vault, or 404. */
    @WithSession
    public Uni<ProtectedItem> get(String vaultId, String itemId) {
        return requireItem(vaultId, itemId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Change

    /** The item follows another policy of its vault from now on. */
    public Uni<ProtectedItem> changePolicy(String vaultId, String itemId, String policyId) {
        return policies.requireId(vaultId, policyId)
                .chain(resolved -> Panache.withTransaction(() -> retirement.use(vaultId, resolved)
                        .chain(() -> requireItem(vaultId, itemId))
                        .invoke(item -> item.changePolicy(resolved, clock.instant()))
                        .call(item -> announce(new ItemPolicyChanged(UUID.randomUUID(), clock.instant(),
                                ProtectionEvent.SCHEMA_VERSION, item.id, item.vaultId, resolved)))));
    }

    /**
     * "Back up now": requests a backup whose recovery point is kept until {@code retainUntil} (default 30 days);
     * returns the job id. 409 while another backup of the item runs or when protection is not active. The request
     * carries the policy's snapshot resource group pattern, so the snapshot goes where the schedule's would.
     */
    public Uni<String> backupNow(String vaultId, String itemId, Instant retainUntil, String initiatedBy) {
        Instant now = clock.instant();
        Instant keepUntil = retainUntil == null ? now.plus(DEFAULT_ON_DEMAND_RETENTION) : retainUntil;
        if (!keepUntil.isAfter(now)) {
            return Uni.createFrom().failure(new ApiException.BadRequest("retainUntil", "must be in the future"));
        }
        if (keepUntil.isAfter(now.atZone(clock.getZone()).plusYears(MAX_RETENTION_YEARS).toInstant())) {
            return Uni.createFrom().failure(new ApiException.BadRequest("retainUntil",
                    "must be at most " + MAX_RETENTION_YEARS + " years ahead"));
        }
        String jobId = UUID.randomUUID().toString();
        return Panache.withSession(() -> requireItem(vaultId, itemId))
                .chain(found -> policies.snapshotPattern(vaultId, found.policyId))
                .chain(pattern -> Panache.withTransaction(() -> requireItem(vaultId, itemId)
                        .invoke(item -> item.backupStarted(jobId, now, staleAfter))
                        .chain(item -> requireVault(vaultId).chain(vault -> vms.findById(item.vmId)
                                .onItem().ifNull().failWith(() -> new ApiException.Conflict("vm-gone",
                                        "The VM of '" + item.vmName + "' no longer exists, so it cannot be backed up; "
                                                + "its recovery points remain."))
                                .chain(vm -> outbox.add(Topics.BACKUP_REQUESTED, new BackupRequested(UUID.randomUUID(),
                                        now, BackupRequestedEvent.SCHEMA_VERSION, jobId, item.id, item.vaultId,
                                        vm.toSpec(), Trigger.OnDemand, keepUntil.truncatedTo(ChronoUnit.SECONDS), now,
                                        null, item.policyId, pattern, vault.storageRedundancy.name(),
                                        initiatedBy)))))))
                .replaceWith(jobId);
    }

    /**
     * Notes a backup requested elsewhere (the schedule): the item counts as backing up until its result arrives. A
     * request for an item that is gone or no longer active, or while another backup runs, changes nothing here; the
     * worker's result tells its fate.
     */
    public Uni<Void> noteBackupStarted(BackupRequested request) {
        return items.findById(request.protectedItemId()).invoke(item -> {
            if (item != null && item.protectionState().isActive()
                    && item.runningJobId(clock.instant(), staleAfter) == null) {
                item.backupStarted(request.jobId(), request.requestedAt(), staleAfter);
            }
        }).replaceWithVoid();
    }

    /**
     * Stops protection: keeps the data ({@code ProtectionStopped}), or deletes it after {@code confirmName} matched
     * the VM's name: soft-deleted until the vault's soft-delete days have passed, or at once when soft delete is off.
     * Returns the job id (DisableBackup or DeleteBackupData).
     */
    @WithTransaction
    public Uni<String> stopProtection(String vaultId, String itemId, boolean deleteData, String confirmName,
            String initiatedBy) {
        String jobId = UUID.randomUUID().toString();
        return requireItem(vaultId, itemId).chain(item -> {
            Instant now = clock.instant();
            if (!deleteData) {
                item.stopProtection(now);
                return announce(new ProtectionStopped(UUID.randomUUID(), now, ProtectionEvent.SCHEMA_VERSION, jobId,
                        item.id, item.vaultId, item.vmName, initiatedBy));
            }
            if (!item.vmName.equals(confirmName)) {
                throw new ApiException.BadRequest("confirmName",
                        "must be the VM's name, '" + item.vmName + "', to delete its backup data");
            }
            return requireVault(vaultId).chain(vault -> {
                if (vault.softDeleteEnabled) {
                    item.softDelete(now, Duration.ofDays(vault.softDeleteRetentionDays));
                    return announce(new BackupDataDeleted(UUID.randomUUID(), now, ProtectionEvent.SCHEMA_VERSION,
                            jobId, item.id, item.vaultId, item.vmName, true, item.purgeAt(), initiatedBy));
                }
                if (item.protectionState() == ProtectionState.SoftDeleted) {
                    throw new ItemStateConflict(item, "delete the backup data of");
                }
                return remove(item, ExpiryReason.BackupDataDeleted)
                        .call(() -> announce(new BackupDataDeleted(UUID.randomUUID(), now,
                                ProtectionEvent.SCHEMA_VERSION, jobId, item.id, item.vaultId, item.vmName, false,
                                null, initiatedBy)));
            });
        }).replaceWith(jobId);
    }

    /** A soft-deleted item back to {@code ProtectionStopped}, its recovery points kept; returns the Undelete job id. */
    @WithTransaction
    public Uni<String> undelete(String vaultId, String itemId, String initiatedBy) {
        String jobId = UUID.randomUUID().toString();
        return requireItem(vaultId, itemId)
                .invoke(item -> item.undelete(clock.instant()))
                .call(item -> announce(new ItemUndeleted(UUID.randomUUID(), clock.instant(),
                        ProtectionEvent.SCHEMA_VERSION, jobId, item.id, item.vaultId, item.vmName, initiatedBy)))
                .replaceWith(jobId);
    }

    /** A stopped item protected again, on {@code policyId} when given. */
    public Uni<ProtectedItem> resume(String vaultId, String itemId, String policyId) {
        Uni<String> policy = policyId == null ? Uni.createFrom().nullItem() : policies.requireId(vaultId, policyId);
        return policy.chain(resolved -> Panache.withTransaction(() -> (resolved == null ? Uni.createFrom().voidItem()
                        : retirement.use(vaultId, resolved))
                .chain(() -> requireItem(vaultId, itemId))
                .chain(item -> vms.findById(item.vmId)
                        .onItem().ifNull().failWith(() -> new ApiException.Conflict("vm-gone",
                                "The VM of '" + item.vmName + "' no longer exists, so its protection cannot resume."))
                        .chain(vm -> {
                            item.resume(resolved, clock.instant());
                            return announce(new ProtectionResumed(UUID.randomUUID(), clock.instant(),
                                    ProtectionEvent.SCHEMA_VERSION, item.id, item.vaultId, item.policyId,
                                    vm.toSpec()));
                        })
                        .replaceWith(item))));
    }

    /**
     * Purges up to {@code limit} soft-deleted items whose time has come: their recovery points leave both tiers
     * ({@code rp-expired}, reason SoftDeletePurge) and the items are gone. Safe with several instances.
     */
    @WithTransaction
    public Uni<Integer> purgeDue(int limit) {
        return items.claimDueForPurge(clock.instant(), limit)
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(item -> remove(item, ExpiryReason.SoftDeletePurge)
                                .call(() -> announce(new ItemPurged(UUID.randomUUID(), clock.instant(),
                                        ProtectionEvent.SCHEMA_VERSION, item.id, item.vaultId, item.vmName))))
                        .collect().asList()
                        .replaceWith(due.size()));
    }

    /** Deletes the item and its catalog, announcing each recovery point's end so the workers delete the data. */
    private Uni<Void> remove(ProtectedItem item, ExpiryReason reason) {
        return points.ofItem(item.id)
                .chain(list -> {
                    List<Uni<Void>> expiries = new ArrayList<>();
                    for (RecoveryPoint point : list) {
                        expiries.add(outbox.add(Topics.RP_EXPIRED, RecoveryPointExpired.of(clock, item.id,
                                item.vaultId, point.id, Tier.All, reason)));
                    }
                    return expiries.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(expiries).andFailFast().replaceWithVoid();
                })
                .chain(() -> retentions.deleteOfItem(item.id))
                .chain(() -> points.deleteOfItem(item.id))
                .chain(() -> items.delete("id", item.id))
                .replaceWithVoid();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Item counts per vault (for the vault views). */
    public Uni<Map<String, ProtectedItemRepository.Counts>> countsByVault(List<String> vaultIds) {
        return items.countsByVault(vaultIds);
    }

    private Uni<Void> announce(ProtectionEvent event) {
        return outbox.add(Topics.PROTECTION_EVENTS, event);
    }

    private Uni<Vault> requireVault(String vaultId) {
        return vaults.findById(vaultId).onItem().ifNull().failWith(() -> new VaultNotFound(vaultId));
    }

    private Uni<ProtectedItem> requireItem(String vaultId, String itemId) {
        return requireVault(vaultId)
                .chain(vault -> items.inVault(vaultId, itemId))
                .onItem().ifNull().failWith(() -> new ProtectedItemNotFound(vaultId, itemId));
    }
}
