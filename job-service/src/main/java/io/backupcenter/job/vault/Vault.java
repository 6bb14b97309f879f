package io.backupcenter.job.vault;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A vault as job-service knows it from {@code vault-events}: where its jobs belong for access. */
@Entity
@Table(name = "vault")
public class Vault extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "resource_group", nullable = false)
    public String resourceGroup;

    static Vault of(String id, String resourceGroup) {
        Vault vault = new Vault();
        vault.id = id;
        vault.resourceGroup = resourceGroup;
        return vault;
    }
}
