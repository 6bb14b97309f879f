package io.backupcenter.vault.vm;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupcenter.contracts.EventJson;
import io.backupcenter.contracts.Ids;
import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.protection.ProtectedVmUpdated;
import io.backupcenter.contracts.protection.ProtectionConfigurationFailed;
import io.backupcenter.contracts.protection.ProtectionEvent;
import io.backupcenter.contracts.protection.ProtectionStopped;
import io.backupcenter.contracts.vm.BackupSettings;
import io.backupcenter.contracts.vm.VmCreated;
import io.backupcenter.contracts.vm.VmDeleted;
import io.backupcenter.contracts.vm.VmEvent;
import io.backupcenter.contracts.vm.VmSpec;
import io.backupcenter.contracts.vm.VmUpdated;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.messaging.RejectedEventException;
import io.backupcenter.kit.messaging.Rejections;
import io.backupcenter.kit.outbox.Outbox;
import io.backupcenter.kit.problem.ApiException;
import io.backupcenter.kit.problem.Problem;
import io.backupcenter.vault.protection.PolicyDirectory;
import io.backupcenter.vault.protection.ProtectedItemRepository;
import io.backupcenter.vault.protection.ProtectionService;
import io.backupcenter.vault.vault.CreateVaultRequest;
import io.backupcenter.vault.vault.Names;
import io.backupcenter.vault.vault.StorageRedundancy;
import io.backupcenter.vault.vault.Vault;
import io.backupcenter.vault.vault.VaultService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Applies {@code vm-events} from provisioning systems: keeps the inventory and, for {@code VmCreated} with backup
 * enabled, protects the VM (creating its vault when asked). A rule-breaking event is rejected: it goes to
 * {@code vm-events-dlq} with the reason, and the VM it names shows a failed ConfigureBackup job with that reason.
 */
@ApplicationScoped
public class VmEventHandler implements Rejections<VmEvent> {

    private static final Logger LOG = Logger.getLogger(VmEventHandler.class);
    /** Who {@code initiatedBy} names for what these events start. */
    static final String INITIATOR = "vm-events";

    private final VmService vms;
    private final VmRepository vmRepository;
    private final ProtectedItemRepository items;
    private final VaultService vaults;
    private final ProtectionService protection;
    private final PolicyDirectory policies;
    private final Outbox outbox;
    private final Clock clock;

    VmEventHandler(VmService vms, VmRepository vmRepository, ProtectedItemRepository items, VaultService vaults,
            ProtectionService protection, PolicyDirectory policies, Outbox outbox, Clock clock) {
        this.vms = vms;
        this.vmRepository = vmRepository;
        this.items = items;
        this.vaults = vaults;
        this.protection = protection;
        this.policies = policies;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Applies one event in the consumer's transaction; throws {@link RejectedEventException} for a rule it breaks. */
    public Uni<Void> apply(VmEvent event) {
        return rejectingRuleBreaks(applyUnchecked(event));
    }

    private Uni<Void> applyUnchecked(VmEvent event) {
        if (event instanceof VmDeleted deleted) {
            return delete(deleted);
        }
        VmDefinition definition = definitionOf(event.vm());
        Uni<VirtualMachine> upsert = vms.upsert(event.vm().id(), definition);
        if (event instanceof VmUpdated) {
            return upsert.chain(vm -> items.ofVm(vm.id).chain(item -> item == null || !item.protectionState().isActive()
                    ? Uni.createFrom().voidItem()
                    : outbox.add(Topics.PROTECTION_EVENTS, new ProtectedVmUpdated(UUID.randomUUID(), clock.instant(),
                            ProtectionEvent.SCHEMA_VERSION, item.id, item.vaultId, vm.toSpec()))));
        }
        VmCreated created = (VmCreated) event;
        if (created.backup() == null || !created.backup().isEnabled()) {
            return upsert.replaceWithVoid();
        }
        return upsert.chain(vm -> enableBackup(created, vm));
    }

    private Uni<Void> enableBackup(VmCreated event, VirtualMachine vm) {
        BackupSettings settings = event.backup();
        String resourceGroup = settings.vaultResourceGroup() != null ? settings.vaultResourceGroup() : vm.resourceGroup;
        return vaultFor(settings, resourceGroup, vm)
                .chain(vault -> policyOf(settings, vault)
                        .chain(policyId -> protection.protectVm(vault, vm, policyId, configureJobId(event.eventId()),
                                INITIATOR)))
                .invoke(item -> LOG.infof("VM %s protected by vault %s from vm-events", vm.name, item.vaultId))
                .replaceWithVoid();
    }

    private Uni<Vault> vaultFor(BackupSettings settings, String resourceGroup, VirtualMachine vm) {
        if (settings.vaultName() == null) {
            if (!settings.mayCreateVault()) {
                throw new RejectedEventException("backup.vaultName is missing and createVaultIfMissing is not true: "
                        + "name a vault, or allow one to be created");
            }
            return vaults.createWithSuggestedName(resourceGroup, vm.region);
        }
        return vaults.findByName(resourceGroup, settings.vaultName()).chain(vault -> {
            if (vault != null) {
                return Uni.createFrom().item(vault);
            }
            if (!settings.mayCreateVault()) {
                throw new RejectedEventException("vault '" + settings.vaultName() + "' does not exist in resource group '"
                        + resourceGroup + "' and createVaultIfMissing is not true");
            }
            return vaults.createVault(settings.vaultName(), resourceGroup, vm.region, StorageRedundancy.GeoRedundant,
                    true, CreateVaultRequest.DEFAULT_SOFT_DELETE_DAYS);
        });
    }

    private Uni<String> policyOf(BackupSettings settings, Vault vault) {
        String name = settings.policyName() == null ? PolicyDirectory.DEFAULT_POLICY : settings.policyName();
        return PolicyDirectory.DEFAULT_POLICY.equalsIgnoreCase(name)
                ? Uni.createFrom().item(Ids.defaultPolicyId(vault.id))
                : policies.idOfName(vault.id, name);
    }

    private Uni<Void> delete(VmDeleted event) {
        return vmRepository.findById(event.vm().id()).chain(vm -> {
            if (vm == null) {
                return Uni.createFrom().voidItem();
            }
            return items.ofVm(vm.id).chain(item -> {
                if (item == null || !item.protectionState().isActive()) {
                    return Uni.createFrom().voidItem();
                }
                // A deleted VM's backups are kept: its protection stops, retaining the recovery points.
                item.stopProtection(clock.instant());
                return outbox.add(Topics.PROTECTION_EVENTS, new ProtectionStopped(UUID.randomUUID(), clock.instant(),
                        ProtectionEvent.SCHEMA_VERSION, jobId("DisableBackup", event.eventId().toString()), item.id,
                        item.vaultId, item.vmName, INITIATOR));
            }).chain(() -> vmRepository.delete(vm));
        });
    }

    /** Rule violations (400/404/409 answers of the services used) reject the event; outages are retried. */
    private static Uni<Void> rejectingRuleBreaks(Uni<Void> effect) {
        return effect.onFailure(e -> e instanceof ApiException && !Failures.isTransient(e))
                .transform(e -> new RejectedEventException(e.getMessage()));
    }

    /** The VM's definition, or a rejection naming every field at fault. */
    static VmDefinition definitionOf(VmSpec vm) {
        if (vm.id() == null || !vm.id().matches(Names.ID)) {
            throw new RejectedEventException("invalid VM: vm.id " + Names.ID_RULE);
        }
        List<Problem.FieldError> errors = VmRules.check(vm.name(), vm.resourceGroup(), vm.region(), vm.osType(),
                vm.powerState(), vm.disks());
        if (!errors.isEmpty()) {
            throw new RejectedEventException("invalid VM: " + String.join("; ",
                    errors.stream().map(e -> "vm." + e.field() + " " + e.message()).toList()));
        }
        return new VmDefinition(vm.name(), vm.resourceGroup(), vm.region().toLowerCase(Locale.ROOT),
                VmRules.parse(OsType.class, vm.osType()),
                vm.powerState() == null ? PowerState.Running : VmRules.parse(PowerState.class, vm.powerState()),
                vm.disks(), vm.consistencyHooks());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Rejections: the VM named shows a failed ConfigureBackup job.

    @Override
    public Uni<Void> record(String payload, VmEvent event, String reason) {
        VmNamed named = event != null ? new VmNamed(event.vm().id(), event.vm().name(), event.eventId().toString())
                : VmNamed.readFrom(payload);
        if (named == null || named.vmId() == null) {
            return Uni.createFrom().voidItem();
        }
        String vaultName = event instanceof VmCreated created && created.backup() != null
                ? created.backup().vaultName() : null;
        Uni<Void> keepVm = event instanceof VmCreated ? registerIfValid(event.vm()) : Uni.createFrom().voidItem();
        return keepVm.chain(() -> outbox.add(Topics.PROTECTION_EVENTS, new ProtectionConfigurationFailed(
                UUID.randomUUID(), clock.instant(), ProtectionEvent.SCHEMA_VERSION,
                jobId("ConfigureBackup", named.key()), named.vmId(), named.vmName(), null, vaultName,
                event == null ? "InvalidVmEvent" : "ConfigureBackupFailed", reason, INITIATOR)));
    }

    /** A created VM whose backup could not be enabled is still in the inventory, when its own fields are valid. */
    private Uni<Void> registerIfValid(VmSpec vm) {
        VmDefinition definition;
        try {
            definition = definitionOf(vm);
        } catch (RejectedEventException invalid) {
            return Uni.createFrom().voidItem();
        }
        return vms.upsert(vm.id(), definition).replaceWithVoid()
                .onFailure(ApiException.class).recoverWithNull().replaceWithVoid();
    }

    /** The ConfigureBackup job id of a VmCreated event: derived, so a redelivery names the same job. */
    static String configureJobId(UUID eventId) {
        return jobId("ConfigureBackup", eventId.toString());
    }

    private static String jobId(String operation, String key) {
        return UUID.nameUUIDFromBytes((operation + ":" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The VM an unreadable record names, read leniently from its JSON. */
    record VmNamed(String vmId, String vmName, String key) {

        static VmNamed readFrom(String payload) {
            try {
                JsonNode root = EventJson.mapper().readTree(payload);
                JsonNode vm = root == null ? null : root.get("vm");
                if (vm == null || !vm.hasNonNull("id")) {
                    return null;
                }
                String key = root.hasNonNull("eventId") ? root.get("eventId").asText()
                        : UUID.nameUUIDFromBytes(payload.getBytes(StandardCharsets.UTF_8)).toString();
                return new VmNamed(vm.get("id").asText(), vm.hasNonNull("name") ? vm.get("name").asText() : null, key);
            } catch (Exception unreadable) {
                return null;
            }
        }
    }
}
