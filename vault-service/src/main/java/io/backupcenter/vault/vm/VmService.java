package io.backupcenter.vault.vm;

import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.problem.Problem;
import io.backupcenter.kit.security.ResourceGroupScope;
import io.backupcenter.vault.protection.PolicyDirectory;
import io.backupcenter.vault.protection.ProtectedItem;
import io.backupcenter.vault.protection.ProtectedItemRepository;
import io.backupcenter.vault.protection.ProtectionService;
import io.backupcenter.vault.vault.CreateVaultRequest;
import io.backupcenter.vault.vault.Names;
import io.backupcenter.vault.vault.StorageRedundancy;
import io.backupcenter.vault.vault.Vault;
import io.backupcenter.vault.vault.VaultNotFound;
import io.backupcenter.vault.vault.VaultRepository;
import io.backupcenter.vault.vault.VaultService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The VM inventory: register (optionally enabling backup at once), list, read, delete. Enabling backup at creation
 * is all or nothing over REST: a VM whose backup cannot be enabled is not registered, and the answer says why.
 */
@ApplicationScoped
public class VmService {

    /** A VM, the item protecting it (or null) and the ConfigureBackup job that created the item (or null). */
    public record Registered(VirtualMachine vm, ProtectedItem item, String configureBackupJobId) {
    }

    /** Where a new VM's backup goes: an existing vault, or one to create; and the policy. */
    record BackupTarget(String vaultId, String newVaultName, String newVaultResourceGroup, String policyId) {
    }

    private final VmRepository vms;
    private final ProtectedItemRepository items;
    private final VaultRepository vaults;
    private final VaultService vaultService;
    private final ProtectionService protection;
    private final PolicyDirectory policies;
    private final VmDisks disks;
    private final Clock clock;

    VmService(VmRepository vms, ProtectedItemRepository items, VaultRepository vaults, VaultService vaultService,
            ProtectionService protection, PolicyDirectory policies, VmDisks disks, Clock clock) {
        this.disks = disks;
        this.vms = vms;
        this.items = items;
        this.vaults = vaults;
        this.vaultService = vaultService;
        this.protection = protection;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * Registers a VM; with {@code backup.enabled}, protects it too (creating {@code newVault} if asked). A vault named
     * by id outside {@code scope} is not found.
     */
    public Uni<Registered> register(VmRequests.Register request, String initiatedBy, ResourceGroupScope scope) {
        VmDefinition definition = definitionOf(request);
        VmRequests.Backup backup = request.backup();
        if (backup == null || !Boolean.TRUE.equals(backup.enabled())) {
            return Panache.withTransaction(() -> add(UUID.randomUUID().toString(), definition))
                    .map(vm -> new Registered(vm, null, null));
        }
        return backupTarget(backup, scope).chain(target -> Panache.withTransaction(() ->
                add(UUID.randomUUID().toString(), definition).chain(vm -> {
                    String jobId = UUID.randomUUID().toString();
                    return vaultFor(target, definition)
                            .chain(vault -> protection.protectVm(vault, vm,
                                    target.policyId() != null ? target.policyId() : Ids.defaultPolicyId(vault.id),
                                    jobId, initiatedBy))
                            .map(item -> new Registered(vm, item, jobId));
                })));
    }

    /** The VM's validated definition, or 400 naming every field at fault. */
    static VmDefinition definitionOf(VmRequests.Register request) {
        List<DiskSpec> disks = request.disks() == null ? null : request.disks().stream()
                .map(d -> d == null ? null : new DiskSpec(d.name(), d.lun() == null ? Integer.MIN_VALUE : d.lun(),
                        d.source()))
                .toList();
        List<Problem.FieldError> errors = VmRules.check(request.name(), request.resourceGroup(), request.region(),
                request.osType() == null ? null : request.osType().name(),
                request.powerState() == null ? null : request.powerState().name(), disks);
        if (!errors.isEmpty()) {
            throw new ApiException.BadRequest(describe(errors), errors);
        }
        return new VmDefinition(request.name(), request.resourceGroup(), request.region().toLowerCase(Locale.ROOT),
                request.osType(), request.powerState() == null ? PowerState.Running : request.powerState(), disks,
                request.consistencyHooks());
    }

    static String describe(List<Problem.FieldError> errors) {
        return String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
    }

    /** Checks the backup block before anything is written; the policy is checked with policy-service. */
    private Uni<BackupTarget> backupTarget(VmRequests.Backup backup, ResourceGroupScope scope) {
        boolean byId = backup.vaultId() != null;
        boolean byNew = backup.newVault() != null;
        if (byId == byNew) {
            throw new ApiException.BadRequest("backup.vaultId",
                    "give either vaultId (an existing vault) or newVault (a vault to create), not both or neither");
        }
        if (backup.policyName() != null && backup.policyId() != null) {
            throw new ApiException.BadRequest("backup.policyId", "give policyName or policyId, not both");
        }
        if (byNew) {
            VmRequests.NewVault newVault = backup.newVault();
            List<Problem.FieldError> errors = new ArrayList<>();
            if (newVault.name() != null && !newVault.name().matches(Names.VAULT)) {
                errors.add(new Problem.FieldError("backup.newVault.name", Names.VAULT_RULE));
            }
            if (newVault.resourceGroup() == null || !newVault.resourceGroup().matches(Names.RESOURCE_GROUP)) {
                errors.add(new Problem.FieldError("backup.newVault.resourceGroup", Names.RESOURCE_GROUP_RULE));
            }
            boolean otherPolicy = backup.policyId() != null
                    || (backup.policyName() != null && !PolicyDirectory.DEFAULT_POLICY.equalsIgnoreCase(backup.policyName()));
            if (otherPolicy) {
                errors.add(new Problem.FieldError("backup.policyName",
                        "a new vault has only DefaultPolicy; leave the policy out or name DefaultPolicy"));
            }
            if (!errors.isEmpty()) {
                throw new ApiException.BadRequest(describe(errors), errors);
            }
            return Uni.createFrom().item(new BackupTarget(null, newVault.name(), newVault.resourceGroup(), null));
        }
        Uni<String> policy = backup.policyId() != null
                ? policies.requireId(backup.vaultId(), backup.policyId())
                : policies.idOfName(backup.vaultId(), backup.policyName() == null
                        ? PolicyDirectory.DEFAULT_POLICY : backup.policyName());
        return Panache.withSession(() -> vaults.findById(backup.vaultId()))
                .onItem().ifNull().failWith(() -> new VaultNotFound(backup.vaultId()))
                .invoke(vault -> {
                    if (!scope.allows(vault.resourceGroup)) {
                        throw new VaultNotFound(backup.vaultId());
                    }
                })
                .chain(vault -> policy)
                .map(policyId -> new BackupTarget(backup.vaultId(), null, null, policyId));
    }

    private Uni<Vault> vaultFor(BackupTarget target, VmDefinition vm) {
        if (target.vaultId() != null) {
            return vaults.findById(target.vaultId())
                    .onItem().ifNull().failWith(() -> new VaultNotFound(target.vaultId()));
        }
        return target.newVaultName() == null
                ? vaultService.createWithSuggestedName(target.newVaultResourceGroup(), vm.region())
                : vaultService.createVault(target.newVaultName(), target.newVaultResourceGroup(), vm.region(),
                        StorageRedundancy.GeoRedundant, true, CreateVaultRequest.DEFAULT_SOFT_DELETE_DAYS);
    }

    /** Adds the VM (in the caller's transaction); 409 when its name is taken in the resource group. */
    private Uni<VirtualMachine> add(String id, VmDefinition definition) {
        return disks.resolve(definition.disks(), definition.resourceGroup()).chain(paths ->
                vms.named(definition.resourceGroup(), definition.name()).chain(existing -> {
                    if (existing != null) {
                        throw new VmNameTaken(definition.resourceGroup(), definition.name());
                    }
                    VirtualMachine vm = VirtualMachine.of(id, VmDisks.resolved(definition, paths), clock.instant());
                    return vms.persistAndFlush(vm);
                }).onFailure(Failures::isUniqueViolation)
                        .transform(e -> new VmNameTaken(definition.resourceGroup(), definition.name()))
                        .call(vm -> disks.claim(vm.id, paths)));
    }

    /**
     * Adds or updates the VM with the given id (in the caller's transaction): how provisioning systems' events keep
     * the inventory. 409 when another VM has its name in the resource group.
     */
    public Uni<VirtualMachine> upsert(String id, VmDefinition definition) {
        return vms.findById(id).chain(vm -> {
            if (vm == null) {
                return add(id, definition);
            }
            return disks.resolve(definition.disks(), definition.resourceGroup()).chain(paths ->
                    vms.named(definition.resourceGroup(), definition.name()).map(other -> {
                        if (other != null && !other.id.equals(id)) {
                            throw new VmNameTaken(definition.resourceGroup(), definition.name());
                        }
                        vm.update(VmDisks.resolved(definition, paths), clock.instant());
                        return vm;
                    }).call(updated -> disks.claim(updated.id, paths)));
        });
    }

    /** VMs matching the filters; {@code protectableOnly}: those no vault holds. */
    @WithSession
    public Uni<List<Registered>> list(String region, String resourceGroup, boolean protectableOnly) {
        return vms.search(region, resourceGroup, protectableOnly)
                .chain(list -> items.ofVms(list.stream().map(vm -> vm.id).toList())
                        .map(byVm -> list.stream().map(vm -> new Registered(vm, byVm.get(vm.id), null)).toList()));
    }

    /** One VM with the item holding it, or 404. */
    @WithSession
    public Uni<Registered> get(String vmId) {
        return vms.findById(vmId)
                .onItem().ifNull().failWith(() -> new VmNotFound(vmId))
                .chain(vm -> items.ofVm(vmId).map(item -> new Registered(vm, item, null)));
    }

    /** Removes a VM from the inventory; 409 while its protection is active. Its backups, if any, are kept. */
    @WithTransaction
    public Uni<Void> delete(String vmId) {
        return vms.findById(vmId)
                .onItem().ifNull().failWith(() -> new VmNotFound(vmId))
                .call(vm -> items.ofVm(vmId).invoke(item -> {
                    if (item != null && item.protectionState().isActive()) {
                        throw new ApiException.Conflict("vm-protected", "VM '" + vm.name
                                + "' is protected; stop its protection before removing it from the inventory.");
                    }
                }))
                .call(vm -> vms.delete("id", vm.id))
                .replaceWithVoid();
    }
}
