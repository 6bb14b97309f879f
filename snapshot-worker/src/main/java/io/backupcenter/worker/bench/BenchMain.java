package io.backupcenter.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The data-path benchmark, through the product's own API against a running system ({@code ./backup-center bench}):
 * a deterministic 2 GiB disk image that looks like a real disk; initial backup, backup after 1 % of the image was
 * rewritten in scattered 4 KiB writes, and restore of the latest point; each phase run by Backup Center (timed from
 * the API call to the job's completion) and then by restic on the same image, side by side. Prints wall time, the
 * CPU time of the workers (or of restic), bytes stored, and the ratios with their targets.
 *
 * <pre>java -cp … io.backupcenter.worker.bench.BenchMain &lt;gateway&gt; &lt;bench dir&gt; &lt;worker pid&gt;… [--size-mib N]</pre>
 */
public final class BenchMain {

    private final GatewayClient api;
    private final Path dir;
    private final List<Long> workerPids;
    private final long size;
    private final List<String[]> rows = new ArrayList<>();

    private BenchMain(String gateway, Path dir, List<Long> workerPids, long size) {
        this.api = new GatewayClient(gateway);
        this.dir = dir;
        this.workerPids = workerPids;
        this.size = size;
    }

    public static void main(String[] args) throws Exception {
        List<Long> pids = new ArrayList<>();
        long sizeMib = 2048;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--size-mib")) {
                sizeMib = Long.parseLong(args[++i]);
            } else {
                pids.add(Long.parseLong(args[i]));
            }
        }
        new BenchMain(args[0], Path.of(args[1]).toAbsolutePath(), pids, sizeMib << 20).run();
    }

    private record Measure(double wallSeconds, double cpuSeconds, long bytes) {
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        Path image = dir.resolve("disk.img");
        Path repo = dir.resolve("restic-repo");
        deleteTree(repo);
        deleteTree(dir.resolve("restored-bc"));
        deleteTree(dir.resolve("restored-restic"));
        say("generating a %d MiB disk image (seed 42) at %s", size >> 20, image);
        DiskImages.generate(image, size, 42);
        restic(repo, "init");

        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String vault = post("/api/v1/vaults", Map.of("name", "bench-" + suffix, "resourceGroup", "bench-rg",
                "region", "westeurope", "storageRedundancy", "LocallyRedundant")).get("id").asText();
        JsonNode vm = post("/api/v1/virtual-machines", Map.of("name", "bench-" + suffix, "resourceGroup", "bench-rg",
                "region", "westeurope", "osType", "Linux", "disks",
                List.of(Map.of("name", "osdisk", "lun", -1, "source", image.toUri().toString())),
                "backup", Map.of("enabled", true, "vaultId", vault)));
        String item = vm.get("protection").get("protectedItemId").asText();

        Measure ours = backup(vault, item);
        Measure theirs = resticBackup(repo, image);
        row("initial backup", ours, theirs, 0.5, "wall");
        row("initial backup size", ours, theirs, 1.05, "bytes");

        long written = DiskImages.scatterWrites(image, 0.01, 7);
        say("rewrote %d KiB in scattered 4 KiB writes", written >> 10);
        ours = backup(vault, item);
        theirs = resticBackup(repo, image);
        row("incremental backup", ours, theirs, 0.5, "wall");
        row("incremental added bytes", ours, theirs, 0.25, "bytes");

        String point = get("/api/v1/vaults/" + vault + "/protected-items/" + item + "/recovery-points")
                .get("items").get(0).get("id").asText();
        ours = restore(vault, item, point, "Vault");
        theirs = resticRestore(repo);
        row("restore (vault tier)", ours, theirs, 0.7, "wall");
        verify(image, dir.resolve("restored-bc/osdisk.img"), dir.resolve("restored-restic").resolve(
                image.toString().substring(1)));
        Measure snapshotTier = restore(vault, item, point, "Snapshot");
        rows.add(new String[] {"restore (snapshot tier)", seconds(snapshotTier.wallSeconds()), "", "", "", ""});

        System.out.println();
        System.out.printf("%-26s %12s %12s %12s %12s %8s%n", "phase", "Backup Center", "restic", "ratio", "target", "");
        for (String[] r : rows) {
            System.out.printf("%-26s %12s %12s %12s %12s %8s%n", (Object[]) r);
        }
    }

    private void row(String phase, Measure ours, Measure theirs, double target, String what) {
        boolean bytes = what.equals("bytes");
        double a = bytes ? ours.bytes() : ours.wallSeconds();
        double b = bytes ? theirs.bytes() : theirs.wallSeconds();
        double ratio = a / b;
        rows.add(new String[] {phase, bytes ? mib(ours.bytes()) : seconds(ours.wallSeconds()) + cpu(ours),
                bytes ? mib(theirs.bytes()) : seconds(theirs.wallSeconds()) + cpu(theirs),
                String.format(Locale.ROOT, "%.2f", ratio), "<= " + target, ratio <= target ? "met" : "NOT MET"});
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String cpu(Measure m) {
        return String.format(Locale.ROOT, " (cpu %.1f)", m.cpuSeconds());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Backup Center, through the gateway

    private Measure backup(String vault, String item) throws Exception {
        int points = get("/api/v1/vaults/" + vault + "/protected-items/" + item + "/recovery-points").get("items").size();
        sync();
        double cpu = workerCpu();
        long start = System.nanoTime();
        String job = post("/api/v1/vaults/" + vault + "/protected-items/" + item + "/backup", Map.of()).get("jobId")
                .asText();
        awaitCompleted(job);
        double wall = (System.nanoTime() - start) / 1e9;
        double used = workerCpu() - cpu;
        JsonNode items = get("/api/v1/vaults/" + vault + "/protected-items/" + item + "/recovery-points").get("items");
        while (items.size() <= points) {
            // the catalog records the point a moment after the job completes
            TimeUnit.MILLISECONDS.sleep(20);
            items = get("/api/v1/vaults/" + vault + "/protected-items/" + item + "/recovery-points").get("items");
        }
        JsonNode point = items.get(0);
        long stored = point.get("stats").get("bytesStored").asLong();
        say("Backup Center backup: %.1f s, %d MiB stored", wall, stored >> 20);
        return new Measure(wall, used, stored);
    }

    private Measure restore(String vault, String item, String point, String tier) throws Exception {
        Path target = dir.resolve("restored-bc");
        deleteTree(target);
        sync();
        double cpu = workerCpu();
        long start = System.nanoTime();
        String job = post("/api/v1/vaults/" + vault + "/protected-items/" + item + "/recovery-points/" + point
                        + "/restore", Map.of("restoreType", "RestoreDisks", "target", target.toUri().toString(),
                "sourceTier", tier)).get("jobId").asText();
        awaitCompleted(job);
        double wall = (System.nanoTime() - start) / 1e9;
        say("Backup Center restore from the %s tier: %.1f s", tier, wall);
        return new Measure(wall, workerCpu() - cpu, 0);
    }

    private void awaitCompleted(String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = api.exchange("GET", "/api/v1/jobs/" + job, null);
            if (response.statusCode() == 404) {
                // job-service learns of the job from its event a moment after the 202
                TimeUnit.MILLISECONDS.sleep(20);
                continue;
            }
            JsonNode status = GatewayClient.JSON.readTree(response.body());
            String state = status.get("status").asText();
            if (state.equals("Completed") || state.equals("CompletedWithWarnings")) {
                return;
            }
            if (state.equals("Failed") || state.equals("Cancelled")) {
                throw new IllegalStateException("job " + job + " ended " + state + ": " + status.get("error"));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException("job " + job + " did not complete in 10 minutes");
    }

    private double workerCpu() {
        double total = 0;
        for (long pid : workerPids) {
            try {
                String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
                total += (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
            } catch (IOException | RuntimeException e) {
                // a worker that is not running costs nothing
            }
        }
        return total;
    }

    private JsonNode post(String path, Object body) throws Exception {
        return api.post(path, body);
    }

    private JsonNode get(String path) throws Exception {
        return api.get(path);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // restic, on the same image

    private Measure resticBackup(Path repo, Path image) throws Exception {
        sync();
        long before = treeSize(repo);
        Measure run = restic(repo, "backup", "-q", image.toString());
        long added = treeSize(repo) - before;
        say("restic backup: %.1f s, %d MiB added", run.wallSeconds(), added >> 20);
        return new Measure(run.wallSeconds(), run.cpuSeconds(), added);
    }

    private Measure resticRestore(Path repo) throws Exception {
        Path target = dir.resolve("restored-restic");
        deleteTree(target);
        sync();
        Measure run = restic(repo, "restore", "-q", "latest", "--target", target.toString());
        say("restic restore: %.1f s", run.wallSeconds());
        return run;
    }

    private Measure restic(Path repo, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "restic", "-r",
                repo.toString()));
        command.addAll(List.of(arguments));
        Path times = Files.createTempFile("restic-time", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(times.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("RESTIC_PASSWORD", "benchmark");
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("restic " + String.join(" ", arguments) + " failed: "
                    + Files.readString(times));
        }
        List<String> lines = Files.readAllLines(times);
        String[] last = lines.get(lines.size() - 1).trim().split(" ");
        Files.delete(times);
        return new Measure(Double.parseDouble(last[0]), Double.parseDouble(last[1]) + Double.parseDouble(last[2]), 0);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void verify(Path image, Path ours, Path theirs) throws IOException {
        if (Files.mismatch(image, ours) != -1) {
            throw new IllegalStateException("the disk Backup Center restored differs from the image");
        }
        if (Files.exists(theirs) && Files.mismatch(image, theirs) != -1) {
            throw new IllegalStateException("the disk restic restored differs from the image");
        }
        say("both restored disks are byte-identical to the image");
    }

    /** Writes dirty pages out before each phase, so one phase's writes do not slow the next. */
    private static void sync() throws Exception {
        new ProcessBuilder("sync").start().waitFor();
    }

    private static long treeSize(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("• " + String.format(Locale.ROOT, format, args));
    }
}
