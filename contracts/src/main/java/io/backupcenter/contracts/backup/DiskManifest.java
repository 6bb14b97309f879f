package io.backupcenter.contracts.backup;

/** One disk of a recovery point: its size and the digest of its manifest (the ordered chunk ids). */
public record DiskManifest(String name, int lun, long sizeBytes, String digest) {
}
