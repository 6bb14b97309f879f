package io.backupcenter.vault.vm;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backupcenter.contracts.vm.ConsistencyHooks;
import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.kit.persistence.JsonColumn;
import jakarta.persistence.Converter;

import java.util.List;

/** A VM's disks and hooks, stored as JSON. */
final class VmColumns {

    private VmColumns() {
    }

    /** The disks as JSON. */
    @Converter
    static class DisksColumn extends JsonColumn<List<DiskSpec>> {
        DisksColumn() {
            super(new TypeReference<List<DiskSpec>>() {
            });
        }
    }

    /** The hooks as JSON. */
    @Converter
    static class HooksColumn extends JsonColumn<ConsistencyHooks> {
        HooksColumn() {
            super(ConsistencyHooks.class);
        }
    }
}
