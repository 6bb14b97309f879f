package io.backupcenter.contracts.backup;

/** Where a recovery point's data is kept. */
public enum Tier {
    /** The instant tier: snapshots in restore point collections, kept a few days. */
    Snapshot,
    /** The vault tier: deduplicated, compressed, encrypted chunks, kept per the policy's retention. */
    Vault,
    /** Both tiers at once. */
    All
}
