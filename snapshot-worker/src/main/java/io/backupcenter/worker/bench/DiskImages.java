package io.backupcenter.worker.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Deterministic disk images that look like real disks, for tests and the benchmark: in 1 MiB regions, about a third
 * zeros (unused space), a third incompressible bytes (compressed media, encrypted files), a sixth text-like bytes
 * (logs, source) and a sixth blocks repeated across the disk (copies of the same files). Same seed, same bytes.
 */
public final class DiskImages {

    private static final int REGION = 1 << 20;
    private static final String[] WORDS = ("backup vault policy snapshot restore recovery point chunk disk image "
            + "kernel module service request response error warning info debug config user system network "
            + "storage memory process thread schedule retention daily weekly monthly yearly").split(" ");

    private DiskImages() {
    }

    /** Writes an image of {@code size} bytes (a multiple of 1 MiB is best) to {@code target}. */
    public static void generate(Path target, long size, long seed) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        byte[][] repeated = new byte[8][4096];
        SplittableRandom shared = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (byte[] block : repeated) {
            shared.nextBytes(block);
        }
        try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
            file.setLength(0);
            file.setLength(size);
            FileChannel out = file.getChannel();
            byte[] region = new byte[REGION];
            for (long position = 0, index = 0; position < size; position += REGION, index++) {
                SplittableRandom random = new SplittableRandom(seed * 31 + index);
                int kind = random.nextInt(6);
                int length = (int) Math.min(REGION, size - position);
                if (kind <= 1) {
                    continue; // zeros: left as a hole
                }
                if (kind <= 3) {
                    random.nextBytes(region);
                } else if (kind == 4) {
                    text(region, random);
                } else {
                    for (int off = 0; off < REGION; off += 4096) {
                        System.arraycopy(repeated[random.nextInt(repeated.length)], 0, region, off, 4096);
                    }
                }
                ByteBuffer buffer = ByteBuffer.wrap(region, 0, length);
                while (buffer.hasRemaining()) {
                    out.write(buffer, position + buffer.position());
                }
            }
        }
    }

    private static void text(byte[] region, SplittableRandom random) {
        int at = 0;
        while (at < region.length) {
            byte[] word = (WORDS[random.nextInt(WORDS.length)] + (random.nextInt(12) == 0 ? "\n" : " "))
                    .getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(word.length, region.length - at);
            System.arraycopy(word, 0, region, at, n);
            at += n;
        }
    }

    /**
     * Rewrites {@code fraction} of the image in 4 KiB writes at scattered 4 KiB-aligned offsets, as a running VM
     * does between two backups; returns the bytes written.
     */
    public static long scatterWrites(Path image, double fraction, long seed) throws IOException {
        try (FileChannel out = FileChannel.open(image, StandardOpenOption.WRITE)) {
            long size = out.size();
            long blocks = size / 4096;
            long writes = Math.max(1, (long) (size * fraction / 4096));
            SplittableRandom random = new SplittableRandom(seed);
            byte[] block = new byte[4096];
            for (long i = 0; i < writes; i++) {
                random.nextBytes(block);
                long offset = random.nextLong(blocks) * 4096;
                ByteBuffer buffer = ByteBuffer.wrap(block);
                while (buffer.hasRemaining()) {
                    out.write(buffer, offset + buffer.position());
                }
            }
            return writes * 4096;
        }
    }
}
