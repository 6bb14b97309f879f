package io.backupcenter.worker;

import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.chunk.ChunkId;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Exercises the data path's hot code (SHA-256, zstd, AES-GCM) in the background after start, with a throwaway key, so
 * that the JIT has compiled it before the first real backup: on JDK 17 AES-GCM runs an order of magnitude slower
 * until then. About half a second of one core; {@code backup-center.worker.warmup-mib=0} turns it off. Works in
 * chunk-sized pieces, as backups do: larger ones would grow the heap, and the worker's resident memory, for nothing.
 */
@ApplicationScoped
public class DataPathWarmup {

    private static final Logger LOG = Logger.getLogger(DataPathWarmup.class);

    /** The data path's chunk size: the warm-up works on pieces of the size real backups seal. */
    private static final int CHUNK = 64 * 1024;

    private final int mebibytes;

    DataPathWarmup(@ConfigProperty(name = "backup-center.worker.warmup-mib", defaultValue = "256") int mebibytes) {
        this.mebibytes = mebibytes;
    }

    void start(@Observes StartupEvent startup) {
        if (mebibytes <= 0) {
            return;
        }
        Thread thread = new Thread(this::warm, "datapath-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void warm() {
        long started = System.nanoTime();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ChunkCodec codec = new ChunkCodec(new SecretKeySpec(key, "AES"), 1);
        byte[] segment = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < segment.length; i += 2) {
            segment[i] = (byte) random.nextInt(4);
            segment[i + 1] = (byte) random.nextInt();
        }
        for (int round = 0; round < mebibytes; round++) {
            for (int offset = 0; offset < segment.length; offset += CHUNK) {
                ChunkId.of(segment, offset, CHUNK);
                byte[] sealed = codec.seal(segment, offset, CHUNK, "warmup");
                try {
                    codec.open(sealed, 0, sealed.length, "warmup", "warmup");
                } catch (Exception e) {
                    LOG.warnf("data path warm-up stopped: %s", e.getMessage());
                    return;
                }
            }
        }
        // Once, at start: gives the warm-up's garbage back so the idle worker stays small.
        System.gc();
        LOG.debugf("data path warmed up in %d ms", (System.nanoTime() - started) / 1_000_000);
    }
}
