package io.backupcenter.worker.bench;

import io.backupcenter.worker.datapath.InMemoryChunkIndex;
import io.backupcenter.worker.datapath.backup.BackupEngine;
import io.backupcenter.worker.datapath.chunk.ChunkCodec;
import io.backupcenter.worker.datapath.manifest.DiskManifest;
import io.backupcenter.worker.datapath.restore.RestoreEngine;
import io.backupcenter.worker.datapath.source.DiskSource;
import io.backupcenter.worker.datapath.source.DiskSources;
import io.backupcenter.worker.datapath.store.FileObjectStore;

import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Chooses the chunk size: for each candidate, an initial backup of a generated image, a backup after 1 % of it was
 * rewritten in scattered 4 KiB writes, and a restore; prints time and bytes. The engine only (in-memory index, a
 * directory store): the product benchmark, through the API, is {@code ./backup-center bench}.
 *
 * <pre>java -cp … io.backupcenter.worker.bench.ChunkSizeBench &lt;dir&gt; &lt;sizeMiB&gt; &lt;chunkKiB&gt;…</pre>
 */
public final class ChunkSizeBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]) << 20;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 2; i < args.length; i++) {
            int chunk = Integer.parseInt(args[i]) * 1024;
            Path image = dir.resolve("bench.img");
            if (!Boolean.getBoolean("bench.keepImage") || !Files.exists(image)) {
                DiskImages.generate(image, size, 42);
            }
            Path vault = dir.resolve("vault-" + chunk);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            ExecutorService uploads = Executors.newSingleThreadExecutor();
            InMemoryChunkIndex index = new InMemoryChunkIndex();
            ChunkCodec codec = new ChunkCodec(new SecretKeySpec(new byte[32], "AES"), 1);
            BackupEngine engine = new BackupEngine(new FileObjectStore(vault, false), index, codec, pool,
                    uploads,
                    new BackupEngine.Settings(chunk, Math.max(1, (4 << 20) / chunk), threads * 2, 16 << 20));
            long t0 = System.nanoTime();
            BackupEngine.DiskBackup first = backup(engine, image, "p1");
            long t1 = System.nanoTime();
            DiskImages.scatterWrites(image, 0.01, 7);
            long t2 = System.nanoTime();
            BackupEngine.DiskBackup second = backup(engine, image, "p2");
            long t3 = System.nanoTime();
            RestoreEngine restore = new RestoreEngine(new FileObjectStore(vault, false), index, codec, pool,
                    Math.max(1, (4 << 20) / chunk), threads * 2);
            DiskManifest manifest = restore.manifest("p2", "osdisk", second.digest());
            Path target = dir.resolve("restored.img");
            long t4 = System.nanoTime();
            restore.restore(manifest, target, w -> { }, () -> false);
            long t5 = System.nanoTime();
            boolean same = Files.mismatch(image, target) == -1;
            System.out.printf("chunk %4d KiB: initial %.2f s (%.0f MB/s) stored %d MiB | incremental %.2f s stored %.1f MiB"
                            + " | restore %.2f s (%.0f MB/s) identical=%s%n", chunk / 1024, (t1 - t0) / 1e9,
                    size / 1e6 / ((t1 - t0) / 1e9), first.bytesStored() >> 20, (t3 - t2) / 1e9,
                    second.bytesStored() / 1048576.0, (t5 - t4) / 1e9, size / 1e6 / ((t5 - t4) / 1e9), same);
            pool.shutdown();
            uploads.shutdown();
            Files.delete(target);
        }
    }

    private static BackupEngine.DiskBackup backup(BackupEngine engine, Path image, String point) throws Exception {
        BackupEngine.Run run = engine.start();
        try (DiskSource source = DiskSources.open(image.toUri().toString())) {
            BackupEngine.DiskBackup disk = run.backupDisk(source, "osdisk", -1, (r, s) -> { }, () -> false);
            run.finish(point, List.of(disk.manifest()));
            return disk;
        }
    }
}
