package io.backupcenter.vault.vault;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A Recovery Services vault: where a set of VMs' recovery points are kept, under one soft-delete setting. */
@Entity
@Table(name = "vault")
public class Vault extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "resource_group", nullable = false)
    public String resourceGroup;

    @Column(nullable = false)
    public String region;

    @Enumerated(EnumType.STRING)
    @Column(name = "storage_redundancy", nullable = false)
    public StorageRedundancy storageRedundancy;

    @Column(name = "soft_delete_enabled", nullable = false)
    public boolean softDeleteEnabled;

    @Column(name = "soft_delete_retention_days", nullable = false)
    public int softDeleteRetentionDays;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Bytes the vault tier holds after dedup and compression, as the snapshot workers last reported. */
    @Column(name = "stored_bytes", nullable = false)
    public long storedBytes;

    /** A new vault with a generated id. */
    public static Vault create(String name, String resourceGroup, String region, StorageRedundancy redundancy,
            boolean softDeleteEnabled, int softDeleteRetentionDays, Instant now) {
        Vault vault = new Vault();
        vault.id = UUID.randomUUID().toString();
        vault.name = name;
        vault.resourceGroup = resourceGroup;
        vault.region = region;
        vault.storageRedundancy = redundancy;
        vault.softDeleteEnabled = softDeleteEnabled;
        vault.softDeleteRetentionDays = softDeleteRetentionDays;
        vault.createdAt = now;
        return vault;
    }

    /** Soft delete on or off for data deleted from now on; {@code retentionDays} null keeps the days as they are. */
    public void changeSoftDelete(boolean enabled, Integer retentionDays) {
        softDeleteEnabled = enabled;
        if (retentionDays != null) {
            softDeleteRetentionDays = retentionDays;
        }
    }
}
