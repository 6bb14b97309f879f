package io.backupcenter.policy.vault;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What policy-service knows of a vault, copied from {@code vault-events}: enough to check that a vault exists and to
 * name its default snapshot resource groups ({@code AzureBackupRG_<region>_<n>}).
 */
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

    /** GeoRedundant, LocallyRedundant or ZoneRedundant; scheduled backups carry it to the workers. */
    @Column(name = "storage_redundancy")
    public String storageRedundancy;

    /** A deleted vault stays as a tombstone. */
    @Column(nullable = false)
    public boolean deleted;
}
