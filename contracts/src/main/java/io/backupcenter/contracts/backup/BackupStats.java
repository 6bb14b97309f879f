package io.backupcenter.contracts.backup;

/** What one backup read and stored: {@code bytesStored} is the new data it added to the vault tier. */
public record BackupStats(long bytesRead, long bytesStored, long chunks, long chunksNew) {
}
