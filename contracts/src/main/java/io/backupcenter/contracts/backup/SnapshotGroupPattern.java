package io.backupcenter.contracts.backup;

import java.util.Locale;

/**
 * How a policy names the resource groups that hold its instant recovery points: {@code prefix + n + suffix}, where
 * {@code n} = 1, 2, … grows when a group is full. Null in an event means the default, {@code AzureBackupRG_<region>_<n>}.
 */
public record SnapshotGroupPattern(String prefix, String suffix) {

    /** The default pattern of a region. */
    public static SnapshotGroupPattern defaultFor(String region) {
        return new SnapshotGroupPattern("AzureBackupRG_" + region.toLowerCase(Locale.ROOT) + "_", "");
    }

    /** The name of group {@code n}. */
    public String nameOf(int n) {
        return prefix + n + (suffix == null ? "" : suffix);
    }
}
