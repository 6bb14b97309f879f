package io.backupcenter.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The scheduled-wave benchmark against a running system ({@code ./backup-center bench wave}): registers {@code --vms}
 * VMs on small disk images of distinct content, protects them with one Daily policy, moves the policy's time to the
 * next whole minute at least 15 s ahead and lets the scheduler fire. Watches the public {@code job-events} stream
 * (when each job was requested and when it ended) and {@code job-progress} (when a worker started it) and prints: the
 * time from the scheduled minute to the last job done, jobs per second, p50/p99 of each job's queue wait (requested →
 * a worker started it) and run time (started → ended), and the peak resident memory (VmHWM) of each process named in
 * {@code --pids}. Appends one row to {@code --results}.
 */
public final class WaveBench {

    private static final Set<String> ENDED = Set.of("Completed", "CompletedWithWarnings", "Failed", "Cancelled");

    private final GatewayClient api;
    private final String bootstrap;
    private final Path dir;
    private final int vms;
    private final int diskMib;
    private final String label;
    private final Map<String, Long> pids;
    private final Path results;

    private WaveBench(Map<String, String> options) {
        this.api = new GatewayClient(options.get("--gateway"));
        this.bootstrap = options.get("--bootstrap");
        this.dir = Path.of(options.get("--dir")).toAbsolutePath();
        this.vms = Integer.parseInt(options.getOrDefault("--vms", "1000"));
        this.diskMib = Integer.parseInt(options.getOrDefault("--disk-mib", "2"));
        this.label = options.getOrDefault("--label", "");
        this.pids = new LinkedHashMap<>();
        for (String pair : options.getOrDefault("--pids", "").split(",")) {
            if (pair.contains("=")) {
                pids.put(pair.substring(0, pair.indexOf('=')), Long.parseLong(pair.substring(pair.indexOf('=') + 1)));
            }
        }
        this.results = Path.of(options.get("--results"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        new WaveBench(options).run();
    }

    /** One job of the wave as the streams showed it. */
    private static final class Job {
        Instant requested;
        Instant started;
        Instant ended;
        String status;
    }

    private void run() throws Exception {
        List<Path> disks = disks();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String vault = api.post("/api/v1/vaults", Map.of("name", "wave-" + suffix, "resourceGroup", "wave-rg",
                "region", "westeurope")).get("id").asText();
        awaitDefaultPolicy(vault);
        String farAway = ZonedDateTime.now(ZoneOffset.UTC).plusHours(12).format(DateTimeFormatter.ofPattern("HH:00"));
        String policy = api.post("/api/v1/vaults/" + vault + "/policies", policy(farAway)).get("id").asText();

        long began = System.nanoTime();
        Set<String> items = register(vault, suffix, disks);
        say("registered and protected %d VMs in %.1f s", items.size(), (System.nanoTime() - began) / 1e9);
        awaitProtected(vault);

        try (KafkaConsumer<String, String> streams = consumer()) {
            ZonedDateTime due = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(75).truncatedTo(ChronoUnit.MINUTES);
            api.put("/api/v1/vaults/" + vault + "/policies/" + policy,
                    policy(due.format(DateTimeFormatter.ofPattern("HH:mm"))));
            say("the policy now runs at %s UTC; waiting for the scheduler", due.toLocalTime());
            Map<String, Job> jobs = watch(streams, items, due.toInstant());
            report(vault, due.toInstant(), jobs);
        }
    }

    private List<Path> disks() throws IOException {
        List<Path> disks = new ArrayList<>();
        long size = (long) diskMib << 20;
        for (int i = 0; i < vms; i++) {
            Path disk = dir.resolve(String.format(Locale.ROOT, "disks/vm-%05d.img", i));
            if (!Files.exists(disk) || Files.size(disk) != size) {
                DiskImages.generate(disk, size, 1_000 + i);
            }
            disks.add(disk);
        }
        return disks;
    }

    private static Map<String, Object> policy(String time) {
        return Map.of("name", "Wave", "policyType", "Standard",
                "schedule", Map.of("frequency", "Daily", "times", List.of(time)), "timeZone", "UTC",
                "retention", Map.of("daily", Map.of("count", 7)));
    }

    private void awaitDefaultPolicy(String vault) throws Exception {
        // 404 until policy-service has read the vault's event
        int status = poll(Duration.ofSeconds(30),
                () -> api.exchange("GET", "/api/v1/vaults/" + vault + "/policies", null).statusCode(), s -> s == 200);
        if (status != 200) {
            throw new IllegalStateException("policy-service did not learn of vault " + vault + " in 30 s");
        }
    }

    /**
     * Reads a value every 100 ms until it is {@code done} or {@code atMost} has passed; the last value read. (A
     * command-line client: it has nothing else to do meanwhile.)
     */
    private static <T> T poll(Duration atMost, Callable<T> read, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        T value = read.call();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(100);
            value = read.call();
        }
        return value;
    }

    /** Registers the VMs, eight requests at a time, each protected at creation; their protected items' ids. */
    private Set<String> register(String vault, String suffix, List<Path> disks) throws Exception {
        Set<String> items = ConcurrentHashMap.newKeySet();
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < disks.size(); i++) {
                int n = i;
                pending.add(requests.submit(() -> {
                    JsonNode vm = api.post("/api/v1/virtual-machines", Map.of(
                            "name", String.format(Locale.ROOT, "wave-%s-%05d", suffix, n), "resourceGroup", "wave-rg",
                            "region", "westeurope", "osType", "Linux",
                            "disks", List.of(Map.of("name", "osdisk", "lun", -1,
                                    "source", disks.get(n).toUri().toString())),
                            "backup", Map.of("enabled", true, "vaultId", vault, "policyName", "Wave")));
                    items.add(vm.get("protection").get("protectedItemId").asText());
                    return null;
                }));
            }
            for (Future<?> request : pending) {
                request.get();
            }
        } finally {
            requests.shutdown();
        }
        return items;
    }

    private void awaitProtected(String vault) throws Exception {
        int counted = poll(Duration.ofSeconds(60),
                () -> api.get("/api/v1/vaults/" + vault).get("protectedItemCount").asInt(), n -> n == vms);
        if (counted != vms) {
            throw new IllegalStateException("the vault counts " + counted + " of " + vms + " protected items after 60 s");
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of("job-events", "job-progress")) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // from here on: only what happens from now
        return consumer;
    }

    /** Follows the streams until every item's scheduled job has ended (20 minutes at most). */
    private Map<String, Job> watch(KafkaConsumer<String, String> streams, Set<String> items, Instant due)
            throws IOException {
        Map<String, Job> jobs = new HashMap<>();
        Set<String> ours = new HashSet<>();
        int ended = 0;
        Instant deadline = due.plus(Duration.ofMinutes(20));
        Instant nextSay = Instant.now();
        while (ended < items.size() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : streams.poll(Duration.ofMillis(200))) {
                JsonNode event = GatewayClient.JSON.readTree(record.value());
                if (record.topic().equals("job-progress")) {
                    Job job = jobs.computeIfAbsent(event.path("jobId").asText(), id -> new Job());
                    Instant at = Instant.parse(event.get("occurredAt").asText());
                    if (job.started == null || at.isBefore(job.started)) {
                        job.started = at;
                    }
                    continue;
                }
                if (!"Backup".equals(event.path("operation").asText())
                        || !items.contains(event.path("protectedItemId").asText())) {
                    continue;
                }
                String id = event.get("id").asText();
                ours.add(id);
                Job job = jobs.computeIfAbsent(id, k -> new Job());
                job.requested = Instant.parse(event.get("startTime").asText());
                String status = event.get("status").asText();
                if (ENDED.contains(status) && job.status == null) {
                    job.status = status;
                    job.ended = Instant.parse(event.get("endTime").asText());
                    ended++;
                }
            }
            if (Instant.now().isAfter(nextSay) && !ours.isEmpty()) {
                say("%s: %d of %d jobs requested, %d ended", ZonedDateTime.now(ZoneOffset.UTC).toLocalTime()
                        .truncatedTo(ChronoUnit.SECONDS), ours.size(), items.size(), ended);
                nextSay = Instant.now().plusSeconds(10);
            }
        }
        jobs.keySet().retainAll(ours);
        return jobs;
    }

    private void report(String vault, Instant due, Map<String, Job> jobs) throws Exception {
        List<Double> waits = new ArrayList<>();
        List<Double> runs = new ArrayList<>();
        Instant firstRequest = null;
        Instant lastEnd = null;
        int completed = 0;
        int failed = 0;
        for (Job job : jobs.values()) {
            if (job.status == null) {
                continue;
            }
            if (job.status.startsWith("Completed")) {
                completed++;
            } else {
                failed++;
            }
            firstRequest = firstRequest == null || job.requested.isBefore(firstRequest) ? job.requested : firstRequest;
            lastEnd = lastEnd == null || job.ended.isAfter(lastEnd) ? job.ended : lastEnd;
            if (job.started != null) {
                waits.add(seconds(job.requested, job.started));
                runs.add(seconds(job.started, job.ended));
            }
        }
        if (lastEnd == null) {
            throw new IllegalStateException("no job of the wave ended within 20 minutes of the scheduled minute");
        }
        waits.sort(null);
        runs.sort(null);
        double toLast = seconds(due, lastEnd);
        double rate = (completed + failed) / Math.max(0.001, seconds(firstRequest, lastEnd));
        int ended = completed;
        int protectedItems = poll(Duration.ofSeconds(30), // vault-service records them a moment later
                () -> api.get("/api/v1/vaults/" + vault + "/protected-items?protectionState=Protected")
                        .get("items").size(), n -> n >= ended);
        String memory = peakMemory();
        say("jobs: %d completed, %d failed, %d not ended; items Protected: %d of %d", completed, failed,
                vms - completed - failed, protectedItems, vms);
        say("first request %.1f s after the scheduled minute, last job done %.1f s after it", seconds(due,
                firstRequest), toLast);
        say("throughput %.1f jobs/s (first request to last done)", rate);
        say("queue wait p50 %.2f s, p99 %.2f s; run time p50 %.2f s, p99 %.2f s", percentile(waits, 50),
                percentile(waits, 99), percentile(runs, 50), percentile(runs, 99));
        say("peak resident memory (MB): %s", memory);
        if (!Files.exists(results)) {
            Files.writeString(results, "run|VMs|completed|failed|last done after due|jobs/s|queue p50|queue p99"
                    + "|run p50|run p99|peak RSS MB\n");
        }
        Files.writeString(results, String.format(Locale.ROOT, "%s|%d|%d|%d|%.1f s|%.1f|%.2f s|%.2f s|%.2f s|%.2f s|%s%n",
                label, vms, completed, failed, toLast, rate, percentile(waits, 50), percentile(waits, 99),
                percentile(runs, 50), percentile(runs, 99), memory), StandardOpenOption.APPEND);
    }

    /** Each process's peak resident size (VmHWM), in MB. */
    private String peakMemory() throws IOException {
        List<String> figures = new ArrayList<>();
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            Path status = Path.of("/proc/" + process.getValue() + "/status");
            long kib = -1;
            if (Files.isReadable(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        kib = Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            }
            figures.add(process.getKey().replace("snapshot-worker-", "worker") + " " + (kib < 0 ? "-" : kib / 1024));
        }
        return String.join(", ", figures);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void say(String format, Object... args) {
        System.out.println("• " + String.format(Locale.ROOT, format, args));
    }
}
