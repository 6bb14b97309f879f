package io.backupcenter.worker.datapath.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A raw disk image file or a block device, {@code file:///…}. Captured with a reflink clone where the file system has
 * them ({@code cp --reflink=auto}, copy-on-write and instant on XFS, Btrfs, ZFS…), else a sparse copy.
 */
public final class FileDiskSource implements DiskSource {

    /** Regular files are read through memory maps of this size: one copy out of the page cache instead of two. */
    private static final long WINDOW = 256L << 20;

    private final Path path;
    private final FileChannel channel;
    private final boolean regular;
    private java.nio.MappedByteBuffer window;
    private long windowStart = -1;
    /** The size the first {@link #size()} found: what the backup set out to capture. */
    private long sizeAtStart = -1;

    private FileDiskSource(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.regular = Files.isRegularFile(path);
    }

    /** Opens {@code path} for reading, or a {@link DiskUnavailableException} that says why it cannot. */
    public static FileDiskSource open(Path path) throws DiskUnavailableException {
        try {
            return new FileDiskSource(path, FileChannel.open(path, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new DiskUnavailableException("no such file: " + path);
        } catch (IOException | SecurityException e) {
            throw new DiskUnavailableException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long size() throws IOException {
        long size = regular ? channel.size() : currentDeviceSize();
        if (sizeAtStart < 0) {
            sizeAtStart = size;
        }
        return size;
    }

    private long currentDeviceSize() throws IOException {
        // A block device reports size 0 as a channel; its end is where reads stop.
        long size = channel.size();
        return size > 0 ? size : blockDeviceSize();
    }

    private long blockDeviceSize() throws IOException {
        ByteBuffer probe = ByteBuffer.allocate(1);
        long low = 0;
        long high = 1L << 50;
        while (low < high) {
            long middle = (low + high + 1) >>> 1;
            probe.clear();
            if (channel.read(probe, middle - 1) > 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        if (regular && target.hasArray()) {
            return readMapped(target, position);
        }
        int total = 0;
        while (target.hasRemaining()) {
            int n = channel.read(target, position + total);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    /** Reads from a memory map of the window holding {@code position}; one reader at a time. */
    private synchronized int readMapped(ByteBuffer target, long position) throws IOException {
        long size = channel.size();
        if (position >= size) {
            return -1;
        }
        int total = 0;
        while (target.hasRemaining() && position + total < size) {
            long at = position + total;
            if (window == null || at < windowStart || at >= windowStart + window.capacity()) {
                windowStart = at - at % WINDOW;
                window = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, Math.min(WINDOW, size - windowStart));
            }
            int offset = (int) (at - windowStart);
            int n = Math.min(target.remaining(), window.capacity() - offset);
            window.get(offset, target.array(), target.arrayOffset() + target.position(), n);
            target.position(target.position() + n);
            total += n;
        }
        return total;
    }

    /**
     * {@inheritDoc} A disk that disappears or shrinks before its copy is whole (deleted, truncated, a device gone)
     * fails with a {@link DiskUnavailableException} saying so, and leaves no snapshot behind.
     */
    @Override
    public void captureTo(Path target) throws IOException {
        long expected = sizeAtStart >= 0 ? sizeAtStart : size();
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            if (!(regular && reflinkOrSparseCopy(partial))) {
                copyFromChannel(partial, expected);
            }
            if (!Files.exists(path)) {
                throw new DiskUnavailableException(path + " disappeared while its snapshot was being taken");
            }
            long captured = Files.size(partial);
            if (captured < expected) {
                throw new DiskUnavailableException(path + " shrank from " + expected + " to " + captured
                        + " bytes while its snapshot was being taken");
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Copies {@code size} bytes through the open channel: a block device, or a file {@code cp} could not copy. */
    private void copyFromChannel(Path partial, long size) throws IOException {
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < size) {
                long copied = channel.transferTo(done, size - done, out);
                if (copied <= 0) {
                    throw new DiskUnavailableException(path + " ended at byte " + done + " of " + size
                            + " while its snapshot was being taken");
                }
                done += copied;
            }
        }
    }

    /** {@code cp --reflink=auto}: a clone where possible, else a copy that keeps holes (found with SEEK_HOLE). */
    private boolean reflinkOrSparseCopy(Path target) throws IOException {
        Process cp = new ProcessBuilder(List.of("cp", "--reflink=auto", path.toString(),
                target.toString())).redirectErrorStream(true).start();
        try {
            if (!cp.waitFor(1, TimeUnit.HOURS)) {
                cp.destroyForcibly();
                return false;
            }
            return cp.exitValue() == 0;
        } catch (InterruptedException e) {
            cp.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while capturing " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
