package io.backupcenter.worker.datapath.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one VM disk, read by position. Implementations: a raw image file or block device ({@code file:///});
 * an S3 object, a Ceph RBD image or a hypervisor's changed-block API fit the same shape. Thread-safe for reads.
 */
public interface DiskSource extends Closeable {

    /** The disk's size in bytes. */
    long size() throws IOException;

    /**
     * Reads into {@code target} from {@code position} until it is full or the disk ends; returns the bytes read (-1
     * at the end).
     */
    int read(ByteBuffer target, long position) throws IOException;

    /** Copies the whole disk, as it is now, to a file {@code target} (the instant-tier snapshot of it). */
    void captureTo(java.nio.file.Path target) throws IOException;
}
