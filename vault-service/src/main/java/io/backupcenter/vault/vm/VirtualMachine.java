package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.ConsistencyHooks;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.contracts.vm.VmSpec;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A VM of the inventory: what can be protected, with the disks a backup reads. */
@Entity
@Table(name = "virtual_machine")
public class VirtualMachine extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "resource_group", nullable = false)
    public String resourceGroup;

    @Column(nullable = false)
    public String region;

    @Enumerated(EnumType.STRING)
    @Column(name = "os_type", nullable = false)
    public OsType osType;

    @Enumerated(EnumType.STRING)
    @Column(name = "power_state", nullable = false)
    public PowerState powerState;

    @Convert(converter = VmColumns.DisksColumn.class)
    @Column(nullable = false)
    public List<DiskSpec> disks;

    @Convert(converter = VmColumns.HooksColumn.class)
    @Column(name = "consistency_hooks")
    public ConsistencyHooks consistencyHooks;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** A VM with the given id (server-generated for REST, the producer's for vm-events). */
    public static VirtualMachine of(String id, VmDefinition definition, Instant now) {
        VirtualMachine vm = new VirtualMachine();
        vm.id = id;
        vm.createdAt = now;
        vm.update(definition, now);
        return vm;
    }

    /** Takes every field of {@code definition}; the id stays. */
    public void update(VmDefinition definition, Instant now) {
        name = definition.name();
        resourceGroup = definition.resourceGroup();
        region = definition.region();
        osType = definition.osType();
        powerState = definition.powerState();
        disks = List.copyOf(definition.disks());
        consistencyHooks = definition.consistencyHooks();
        updatedAt = now;
    }

    /** The VM as events carry it. */
    public VmSpec toSpec() {
        return new VmSpec(id, name, resourceGroup, region, osType.name(), powerState.name(), disks, consistencyHooks);
    }
}
