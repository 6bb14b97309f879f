package io.backupcenter.vault.vm;

import io.backupcenter.contracts.vm.DiskSpec;
import io.backupcenter.kit.problem.Problem;
import io.backupcenter.vault.vault.Names;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules a VM definition keeps, shared by the REST API and the vm-events consumer: names as Azure names them,
 * one to 64 disks with unique names and LUNs (-1 for the OS disk, 0–63 for data disks), disk sources the snapshot
 * workers can read ({@code file:///…}).
 */
public final class VmRules {

    /** VM name: 1–64 letters, digits, {@code . _ -}, starting with a letter or digit, not ending in {@code .} or {@code -}. */
    public static final String NAME = "[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9_])?";
    public static final String NAME_RULE = "must be 1 to 64 letters, digits, periods, underscores or hyphens, "
            + "starting with a letter or digit and not ending in a period or hyphen";
    /** Disk name: as Azure managed disk names. */
    public static final String DISK_NAME = "[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?";
    public static final String DISK_NAME_RULE = "must be 1 to 80 letters, digits, periods, underscores or hyphens";
    /** Disk source: an absolute file URI (an image file or a block device). */
    public static final String SOURCE = "file:///[^\\s]+";
    public static final String SOURCE_RULE = "must be a file:/// URI of an image file or block device";
    public static final int MAX_DISKS = 64;

    private VmRules() {
    }

    /** Every rule broken by these fields, as field errors; empty when the VM is valid. */
    public static List<Problem.FieldError> check(String name, String resourceGroup, String region, String osType,
            String powerState, List<DiskSpec> disks) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (name == null || !name.matches(NAME)) {
            errors.add(new Problem.FieldError("name", NAME_RULE));
        }
        if (resourceGroup == null || !resourceGroup.matches(Names.RESOURCE_GROUP)) {
            errors.add(new Problem.FieldError("resourceGroup", Names.RESOURCE_GROUP_RULE));
        }
        if (region == null || !region.matches(Names.REGION)) {
            errors.add(new Problem.FieldError("region", Names.REGION_RULE));
        }
        if (osType == null || parse(OsType.class, osType) == null) {
            errors.add(new Problem.FieldError("osType", "must be one of Linux, Windows"));
        }
        if (powerState != null && parse(PowerState.class, powerState) == null) {
            errors.add(new Problem.FieldError("powerState", "must be one of Running, Stopped"));
        }
        errors.addAll(checkDisks(disks));
        return errors;
    }

    /** The rules on a VM's disks. */
    public static List<Problem.FieldError> checkDisks(List<DiskSpec> disks) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (disks == null || disks.isEmpty() || disks.size() > MAX_DISKS) {
            errors.add(new Problem.FieldError("disks", "must list 1 to " + MAX_DISKS + " disks"));
            return errors;
        }
        Set<String> names = new HashSet<>();
        Set<Integer> luns = new HashSet<>();
        for (int i = 0; i < disks.size(); i++) {
            DiskSpec disk = disks.get(i);
            String at = "disks[" + i + "]";
            if (disk == null) {
                errors.add(new Problem.FieldError(at, "must not be null"));
                continue;
            }
            if (disk.name() == null || !disk.name().matches(DISK_NAME)) {
                errors.add(new Problem.FieldError(at + ".name", DISK_NAME_RULE));
            } else if (!names.add(disk.name().toLowerCase(Locale.ROOT))) {
                errors.add(new Problem.FieldError(at + ".name", "'" + disk.name() + "' names two disks of this VM"));
            }
            if (disk.lun() < -1 || disk.lun() > 63) {
                errors.add(new Problem.FieldError(at + ".lun", "must be -1 (the OS disk) or a data disk LUN 0 to 63"));
            } else if (!luns.add(disk.lun())) {
                errors.add(new Problem.FieldError(at + ".lun", "LUN " + disk.lun() + " is used by two disks of this VM"));
            }
            if (disk.source() == null || !disk.source().matches(SOURCE)) {
                errors.add(new Problem.FieldError(at + ".source", SOURCE_RULE));
            }
        }
        return errors;
    }

    /** The constant of {@code type} spelled {@code value}, or null. */
    public static <T extends Enum<T>> T parse(Class<T> type, String value) {
        for (T constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return null;
    }
}
