package io.backupcenter.vault.vault;

/** How many copies of a vault's backup data are kept, and where. */
public enum StorageRedundancy {
    /** Three copies in the primary region and a second copy in a secondary location (the default). */
    GeoRedundant,
    /** Copies within one location of the primary region. */
    LocallyRedundant,
    /** Copies across availability zones of the primary region. */
    ZoneRedundant
}
