package io.backupcenter.systemtests;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) as a process of its own, as {@code ./backup-center up}
 * runs it, on free ports with its data under {@code dir}: a test can kill it and start it again on the same port and
 * data, as a broker crash and restart would.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path dir;
    private final Path log;
    private final int port;
    private final int controllerPort;
    private Process process;

    BrokerProcess(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.log = dir.resolveSibling("kafka.log");
        this.port = BackupCenter.freePort();
        this.controllerPort = BackupCenter.freePort();
        if (Files.exists(dir)) {
            try (var old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("cannot format the broker's storage; see " + log);
        }
    }

    /** The address clients bootstrap from. */
    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) and waits until it answers. */
    void start() throws IOException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            Awaitility.await("Kafka broker on " + bootstrapServers()).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the broker exited; see " + log, () -> !process.isAlive())
                    .ignoreExceptions()
                    .until(() -> !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty());
        }
    }

    /** Kills the broker the hard way (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            BackupCenter.stop(process);
        }
    }

    /** A JVM on this test run's class path (it holds Apache Kafka's jars) running {@code main}. */
    private Process java(String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

}
