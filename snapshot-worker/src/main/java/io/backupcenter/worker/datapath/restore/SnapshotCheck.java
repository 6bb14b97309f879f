package io.backupcenter.worker.datapath.restore;

import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.backupcenter.worker.datapath.chunk.DamagedDataException;
import io.backupcenter.worker.datapath.manifest.DiskManifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Checks a disk image against a recovery point's manifest chunk by chunk: how a restore from the snapshot tier is
 * proven to be the disk of the recovery point before it replaces anything.
 */
public final class SnapshotCheck {

    private SnapshotCheck() {
    }

    /** Throws a {@link DamagedDataException} naming the first chunk of {@code image} that differs. */
    public static void verify(Path image, DiskManifest manifest) throws IOException {
        verify(image, manifest, () -> { });
    }

    /** As {@link #verify(Path, DiskManifest)}, telling {@code progressed} after every chunk read. */
    public static void verify(Path image, DiskManifest manifest, Runnable progressed) throws IOException {
        int chunkSize = manifest.chunkSize();
        byte[] buffer = new byte[chunkSize];
        List<ChunkId> chunks = manifest.chunks();
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ)) {
            if (in.size() != manifest.sizeBytes()) {
                throw new DamagedDataException("the snapshot of disk '" + manifest.disk() + "' has " + in.size()
                        + " bytes; the recovery point recorded " + manifest.sizeBytes());
            }
            for (int i = 0; i < chunks.size(); i++) {
                long offset = (long) i * chunkSize;
                int length = (int) Math.min(chunkSize, manifest.sizeBytes() - offset);
                ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
                while (target.hasRemaining()) {
                    if (in.read(target, offset + target.position()) < 0) {
                        throw new DamagedDataException("the snapshot of disk '" + manifest.disk() + "' ends early");
                    }
                }
                ChunkId expected = chunks.get(i);
                boolean same = expected.equals(ChunkId.ZERO) ? ChunkId.isZero(buffer, 0, length)
                        : ChunkId.of(buffer, 0, length).equals(expected);
                if (!same) {
                    throw new DamagedDataException("the snapshot of disk '" + manifest.disk()
                            + "' differs from the recovery point at byte " + offset);
                }
                progressed.run();
            }
        }
    }
}
