package io.backupcenter.systemtests;

import io.backupcenter.kit.TopicSetup;
import io.backupcenter.kit.security.LocalIssuer;
import io.backupcenter.kit.testing.KafkaBrokerResource;
import io.backupcenter.kit.testing.TestDatabaseResource;
import io.backupcenter.kit.testing.TestTokens;
import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system for end-to-end tests, started once per test run as {@code ./backup-center up} starts it: a real
 * Kafka broker, fresh PostgreSQL databases, and each service's runnable jar as its own process (two snapshot-worker
 * instances), on free ports. Tests talk to the gateway only. Processes are stopped when the run ends; their logs stay
 * in {@code system-tests/target/system/}.
 */
public final class BackupCenter implements BeforeAllCallback, ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("backup-center.root", "..")).toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("system-tests/target/system");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    private static BackupCenter running;

    /** A broker process of its own, so a test can crash and restart it. */
    private BrokerProcess kafka;
    /** The services reach PostgreSQL through it, so a test can take the database away and give it back. */
    private TcpProxy database;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private String kafkaBootstrap;

    /**
     * Runs {@code ./backup-center} of this checkout with {@code args} (its data directory the services'), as a user
     * would; the last line it printed.
     */
    public static String launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("backup-center").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BACKUP_CENTER_DATA", dataDirectory().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("./backup-center " + String.join(" ", args) + " failed:\n" + output);
        }
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public static String gateway() {
        return "http://127.0.0.1:" + running.ports.get("gateway");
    }

    /** The data directory the services share: their own state, which no disk or restore may use. */
    public static Path dataDirectory() {
        return LOGS.resolve("data");
    }

    /**
     * The machine's files the VMs of the tests use, outside the data directory: disk images under {@code disks/},
     * restores under {@code restored/} — the disk and restore roots the services are given.
     */
    public static Path userFiles() {
        return LOGS.resolve("vms");
    }

    /** The bootstrap address of the system's Kafka broker. */
    public static String kafkaBootstrap() {
        return running.kafkaBootstrap;
    }

    /** Starts the system for the first test class; points RestAssured at the gateway, as an Owner, for each. */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (BackupCenter.class) {
            if (running == null) {
                start();
                running = this;
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(BackupCenter.class.getName(), this);
            }
        }
        RestAssured.baseURI = gateway();
        RestAssured.authentication = RestAssured.oauth2(TestTokens.owner());
        // A request that hangs fails its test within a minute instead of holding up the whole run.
        RestAssured.config = io.restassured.config.RestAssuredConfig.config().httpClient(
                io.restassured.config.HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 10_000)
                        .setParam("http.socket.timeout", 60_000));
    }

    private void start() throws Exception {
        Files.createDirectories(LOGS);
        Files.createDirectories(userFiles());
        // The test issuer's keys where the services look for the system's (the data directory's keys/).
        Path keys = dataDirectory().resolve("keys");
        Files.createDirectories(keys);
        for (String file : List.of(LocalIssuer.PRIVATE_KEY_FILE, LocalIssuer.PUBLIC_KEY_FILE)) {
            try (var in = BackupCenter.class.getClassLoader().getResourceAsStream("test-keys/" + file)) {
                Files.write(keys.resolve(file), in.readAllBytes());
            }
        }
        kafka = new BrokerProcess(LOGS.resolve("kafka"));
        kafka.start();
        kafkaBootstrap = kafka.bootstrapServers();
        KafkaBrokerResource.useExternal(kafkaBootstrap);
        TopicSetup.ensure(kafkaBootstrap);
        database = new TcpProxy("127.0.0.1", 5432);
        Map<String, String> databases = Map.of(
                "vault-service", "backup_vault_systest",
                "policy-service", "backup_policy_systest",
                "job-service", "backup_job_systest",
                "snapshot-worker", "backup_worker_systest");
        for (String database : databases.values()) {
            TestDatabaseResource resource = new TestDatabaseResource();
            resource.init(Map.of("database", database));
            resource.start();
        }
        for (String name : List.of("vault-service", "vault-service-2", "policy-service", "policy-service-2",
                "job-service", "snapshot-worker-1", "snapshot-worker-2", "gateway")) {
            ports.put(name, freePort());
        }
        String vaultServices = url("vault-service") + "," + url("vault-service-2");
        String policyServices = url("policy-service") + "," + url("policy-service-2");
        // Two instances of vault-service and of policy-service on one database each: everything must hold with both
        // taking requests and sharing their topics' partitions.
        for (String name : List.of("vault-service", "vault-service-2")) {
            launch(name, "vault-service", Map.of("backup-center.db.name", databases.get("vault-service"),
                    "backup-center.services.policy-service", policyServices,
                    "backup-center.services.job-service", url("job-service"),
                    // A stuck consumer shows in readiness within seconds here (2 minutes in production).
                    "backup-center.consumers.stalled-after", "PT10S",
                    "backup-center.consumers.sample-every", "PT2S"));
        }
        launch("job-service", "job-service", Map.of("backup-center.db.name", databases.get("job-service")));
        for (String name : List.of("policy-service", "policy-service-2")) {
            launch(name, "policy-service", Map.of("backup-center.db.name", databases.get("policy-service"),
                    "backup-center.services.vault-service", vaultServices,
                    // A parked event is dead-lettered after 20 s, and reconciliation runs every 5 s on what is 2 s
                    // old (15 minutes, 5 minutes and 1 minute by default).
                    "backup-center.parked.dead-letter-after", "PT20S",
                    "backup-center.reconcile.every", "5s",
                    "backup-center.reconcile.delay", "5s",
                    // A pass here lasts well under a second; a killed holder's lease frees in 30 s.
                    "backup-center.reconcile.lease", "PT30S",
                    "backup-center.reconcile.settle", "PT2S"));
        }
        for (String worker : List.of("snapshot-worker-1", "snapshot-worker-2")) {
            launchWorker(worker);
        }
        launch("gateway", "gateway", Map.of(
                "backup-center.gateway.services.vault-service", vaultServices,
                "backup-center.gateway.services.policy-service", policyServices,
                "backup-center.gateway.services.job-service", url("job-service"),
                "backup-center.gateway.services.snapshot-worker",
                url("snapshot-worker-1") + "," + url("snapshot-worker-2")));
        for (String name : processes.keySet()) {
            awaitReady(name);
        }
    }

    private static final Map<String, String> WORKER_PROPERTIES = Map.of(
            "backup-center.db.name", "backup_worker_systest",
            // A slow source: backups last long enough for a fault test to stop a worker in the middle of one.
            "backup-center.worker.simulated-delay", "PT2S",
            // A run's lease lasts 6 s, and one that has not moved for 20 s is ended by the watchdog, which looks
            // every 2 s (30 s, 10 minutes and 30 s by default).
            "backup-center.worker.lease", "PT6S",
            "backup-center.worker.stalled-after", "PT20S",
            "backup-center.worker.watchdog-every", "2s",
            // Fault injection: backups of VMs so named fail inside the worker with a RuntimeException / an Error.
            "backup-center.worker.fault.throw-for-vm", "fault-throw-.*",
            "backup-center.worker.fault.error-for-vm", "fault-error-.*");

    private void launchWorker(String name) throws IOException {
        Map<String, String> properties = new java.util.HashMap<>(WORKER_PROPERTIES);
        properties.put("backup-center.worker.name", name);
        launch(name, "snapshot-worker", properties);
    }

    /** Starts one more snapshot worker ({@code snapshot-worker-3}, …) in the workers' group, and waits until ready. */
    public static void startWorker(String name) throws IOException {
        running.ports.put(name, freePort());
        running.launchWorker(name);
        running.awaitReady(name);
    }

    /** Stops an instance started by {@link #startWorker} (SIGTERM) for good. */
    public static void stopInstance(String name) {
        Process process = running.processes.remove(name);
        running.launches.remove(name);
        if (process != null) {
            stop(process);
        }
    }

    /** Pauses a service instance (SIGSTOP): it holds its connections and leases but does nothing, as a long GC pause. */
    public static void pause(String name) throws IOException, InterruptedException {
        signal(name, "STOP");
    }

    /** Resumes a paused instance (SIGCONT). */
    public static void resume(String name) throws IOException, InterruptedException {
        signal(name, "CONT");
    }

    private static void signal(String name, String signal) throws IOException, InterruptedException {
        long pid = running.processes.get(name).pid();
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** Kills the Kafka broker the hard way (SIGKILL), as a crash would; its data stays. */
    public static void killBroker() throws InterruptedException {
        running.kafka.kill();
    }

    /** Starts the killed broker again, on the same port and data, and waits until it answers. */
    public static void startBroker() throws IOException {
        running.kafka.start();
    }

    /** PostgreSQL is gone for every service: their connections drop, new ones are refused (the server runs on). */
    public static void cutDatabase() {
        running.database.cut();
    }

    /** PostgreSQL is reachable again. */
    public static void restoreDatabase() {
        running.database.restore();
    }

    /** Kills a service instance ({@code snapshot-worker-2}, {@code vault-service-2}, …) the hard way (SIGKILL). */
    public static void kill(String name) throws InterruptedException {
        Process process = running.processes.get(name);
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts a killed service instance again, as it was started, and waits until it is ready. */
    public static void restart(String name) throws IOException {
        Launch launch = running.launches.get(name);
        running.launch(name, launch.module(), launch.properties());
        running.awaitReady(name);
    }

    /** The base URL of a service instance, e.g. {@code http://127.0.0.1:41235} for {@code policy-service}. */
    public static String instance(String name) {
        return running.url(name);
    }

    /** How a service instance was started. */
    private record Launch(String module, Map<String, String> properties) {
    }

    private void launch(String name, String module, Map<String, String> properties) throws IOException {
        launches.put(name, new Launch(module, Map.copyOf(properties)));
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (mvn verify builds them)");
        }
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xmx256m"));
        command.add("-Dquarkus.http.port=" + ports.get(name));
        command.add("-Dkafka.bootstrap.servers=" + kafkaBootstrap);
        command.add("-Dbackup-center.db.port=" + database.port());
        command.add("-Dbackup-center.data=" + LOGS.resolve("data"));
        // Disks under userFiles() (and /var/lib/vms, named by tests whose disks are never read); restores there too.
        command.add("-Dbackup-center.disks.allowed-roots=" + userFiles() + ",/var/lib/vms");
        command.add("-Dbackup-center.restore.allowed-roots=" + userFiles());
        command.add("-Dbackup-center.restores.root=" + userFiles().resolve("restores"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // Run from the application's directory, where its class-data archive (made by the build) applies.
        if (Files.exists(jar.resolveSibling("app-cds.jsa"))) {
            command.addAll(List.of("-XX:SharedArchiveFile=app-cds.jsa", "-Xshare:auto", "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off"));
        }
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        Path log = LOGS.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.put(name, process);
    }

    private void awaitReady(String name) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url(name) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Process process = processes.get(name);
        Awaitility.await(name + " ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .failFast(name + " exited while starting; see " + LOGS.resolve(name + ".log"), () -> !process.isAlive())
                .until(() -> {
                    try {
                        return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException notListeningYet) {
                        return false;
                    }
                });
    }

    private String url(String name) {
        return "http://127.0.0.1:" + ports.get(name);
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            stop(processes.get(name));
        }
        if (kafka != null) {
            kafka.close();
        }
        KafkaBrokerResource.useExternal(null);
        if (database != null) {
            database.close();
        }
        running = null;
    }

    /** Stops {@code process} as a shutdown would (SIGTERM), forcibly when it has not ended within 20 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A TCP port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
