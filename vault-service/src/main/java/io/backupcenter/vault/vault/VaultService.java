package io.backupcenter.vault.vault;

import io.backupcenter.contracts.Topics;
import io.backupcenter.contracts.vault.VaultCreated;
import io.backupcenter.contracts.vault.VaultDeleted;
import io.backupcenter.contracts.verify.VerifyEvent;
import io.backupcenter.contracts.verify.VerifyRequested;
import io.backupcenter.kit.Failures;
import io.backupcenter.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import io.backupcenter.vault.protection.ProtectedItemRepository;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Creates, finds and deletes vaults; every change is announced on {@code vault-events} through the outbox. */
@ApplicationScoped
public class VaultService {

    private final VaultRepository vaults;
    private final ProtectedItemRepository items;
    private final Outbox outbox;
    private final Clock clock;

    VaultService(VaultRepository vaults, ProtectedItemRepository items, Outbox outbox, Clock clock) {
        this.vaults = vaults;
        this.items = items;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A new vault; 409 when its name is taken in the resource group. Its DefaultPolicy follows from the event. */
    @WithTransaction
    public Uni<Vault> create(CreateVaultRequest request) {
        return createVault(request.name(), request.resourceGroup(), request.region(), request.redundancyOrDefault(),
                request.softDeleteEnabled(), request.softDeleteDays());
    }

    /**
     * Creates and announces a vault in the caller's transaction; 409 when the name is taken in the resource group.
     * {@code region} is kept in lower case.
     */
    public Uni<Vault> createVault(String name, String resourceGroup, String region, StorageRedundancy redundancy,
            boolean softDeleteEnabled, int softDeleteDays) {
        return vaults.nameTaken(resourceGroup, name)
                .chain(taken -> {
                    if (taken) {
                        throw new VaultNameTaken(resourceGroup, name);
                    }
                    Vault vault = Vault.create(name, resourceGroup, region.toLowerCase(Locale.ROOT), redundancy,
                            softDeleteEnabled, softDeleteDays, clock.instant());
                    return vaults.persistAndFlush(vault)
                            .call(() -> outbox.add(Topics.VAULT_EVENTS, VaultCreated.of(clock, vault.id, vault.name,
                                    vault.resourceGroup, vault.region, vault.storageRedundancy.name())));
                })
                .onFailure(Failures::isUniqueViolation)
                .transform(e -> new VaultNameTaken(resourceGroup, name));
    }

    /**
     * Creates a vault with the defaults (geo-redundant, soft delete 14 days) in the caller's transaction, named
     * {@code vault-<region>} or, when that is taken in the resource group, {@code vault-<region>-2}, {@code -3}, …
     */
    public Uni<Vault> createWithSuggestedName(String resourceGroup, String region) {
        String base = "vault-" + region.toLowerCase(Locale.ROOT);
        return vaults.search(resourceGroup, null, null).chain(existing -> {
            Set<String> taken = new HashSet<>();
            existing.forEach(v -> taken.add(v.name.toLowerCase(Locale.ROOT)));
            String name = base;
            for (int n = 2; taken.contains(name); n++) {
                name = base + "-" + n;
            }
            return createVault(name, resourceGroup, region, StorageRedundancy.GeoRedundant, true,
                    CreateVaultRequest.DEFAULT_SOFT_DELETE_DAYS);
        });
    }

    /** The vault of that name in the resource group, or null. */
    public Uni<Vault> findByName(String resourceGroup, String name) {
        return vaults.search(resourceGroup, null, name).map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** The vault, or 404. */
    /**
     * Asks the snapshot workers for a Verify job of the vault now: its id. The job reads back every recovery point
     * of the vault tier, every copy of a geo-redundant vault, and repairs a damaged copy from a good one.
     */
    @WithTransaction
    public Uni<String> verify(String vaultId, String initiatedBy) {
        String jobId = java.util.UUID.randomUUID().toString();
        return vaults.findById(vaultId).onItem().ifNull().failWith(() -> new VaultNotFound(vaultId))
                .call(vault -> outbox.add(Topics.VAULT_VERIFICATIONS, new VerifyRequested(java.util.UUID.randomUUID(),
                        clock.instant(), VerifyEvent.SCHEMA_VERSION, jobId, vault.id, initiatedBy)))
                .replaceWith(jobId);
    }

    @WithSession
    public Uni<Vault> get(String vaultId) {
        return vaults.findById(vaultId).onItem().ifNull().failWith(() -> new VaultNotFound(vaultId));
    }

    /** Vaults matching the filters (null = any). */
    @WithSession
    public Uni<List<Vault>> list(String resourceGroup, String region, String name) {
        return vaults.search(resourceGroup, region, name);
    }

    /** Item counts of these vaults. */
    @WithSession
    public Uni<Map<String, ProtectedItemRepository.Counts>> counts(List<String> vaultIds) {
        return items.countsByVault(vaultIds);
    }

    /**
     * Changes the vault's soft-delete setting; {@code retentionDays} stays as it was when not given. Items already
     * soft-deleted keep their purge date: the setting applies to data deleted from now on.
     */
    @WithTransaction
    public Uni<Vault> update(String vaultId, UpdateVaultRequest request) {
        return vaults.findById(vaultId)
                .onItem().ifNull().failWith(() -> new VaultNotFound(vaultId))
                .invoke(vault -> vault.changeSoftDelete(request.softDelete().enabled(),
                        request.softDelete().retentionDays()));
    }

    /**
     * Deletes an empty vault; 404 when there is none, 409 while it holds any item, soft-deleted ones included. The
     * vault is locked first: an item being added to it meanwhile is counted (or, added after, finds no vault).
     */
    @WithTransaction
    public Uni<Void> delete(String vaultId) {
        return vaults.lockForDelete(vaultId)
                .onItem().ifNull().failWith(() -> new VaultNotFound(vaultId))
                .call(vault -> items.countsByVault(List.of(vaultId)).invoke(counts -> {
                    ProtectedItemRepository.Counts held = counts.getOrDefault(vaultId,
                            ProtectedItemRepository.Counts.NONE);
                    if (held.protectedItems() + held.softDeleted() > 0) {
                        throw new VaultNotEmpty(vault, held);
                    }
                }))
                // By a query, not by removing the entity: Hibernate Reactive's delete coordinator races when requests
                // run at once (quarkusio/quarkus#41945, fixed after our platform) — every service deletes so.
                .call(vault -> vaults.delete("id", vault.id))
                .call(vault -> outbox.add(Topics.VAULT_EVENTS, VaultDeleted.of(clock, vault.id)))
                .replaceWithVoid();
    }
}
