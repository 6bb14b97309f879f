package io.backupcenter.worker.datapath;

import io.backupcenter.worker.datapath.store.S3ObjectStore;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3-compatible server for tests: s3proxy (filesystem-backed) in a JVM of its own, on a free port, started
 * once per test JVM and stopped with it. The build copies its jar to {@code target/s3proxy/s3proxy.jar}.
 */
public final class S3Server {

    private static S3Server running;

    private final Process process;
    private final URI endpoint;

    private S3Server(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The server, started on first use. */
    public static synchronized S3Server get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> running.process.destroyForcibly()));
        }
        return running;
    }

    /** Settings to connect with, for a bucket. */
    public S3ObjectStore.Settings settings(String bucket, String secondaryBucket) {
        return new S3ObjectStore.Settings(endpoint, "us-east-1", bucket, secondaryBucket, "local-identity",
                "local-credential");
    }

    private static S3Server start() {
        try {
            Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: the build copies it (mvn generate-test-resources)");
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path base = Files.createTempDirectory("s3proxy");
            Path properties = base.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=local-identity",
                    "s3proxy.credential=local-credential",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + base.resolve("data")));
            Process process = new ProcessBuilder(List.of("java", "-Xmx256m", "-jar", jar.toString(), "--properties",
                    properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(base.resolve("s3proxy.log").toFile())
                    .start();
            int listening = port;
            Awaitility.await("s3proxy listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .failFast("s3proxy exited; see " + base.resolve("s3proxy.log"), () -> !process.isAlive())
                    .until(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress("127.0.0.1", listening), 200);
                            return true;
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
            return new S3Server(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
