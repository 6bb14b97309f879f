package io.backupcenter.kit.testing;

import io.backupcenter.contracts.Topics;
import io.backupcenter.kit.TopicSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Map;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) inside the test JVM, on a free port, with every
 * topic of {@link Topics#ALL} created. Service tests talk to it over the network like to any other broker.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaClusterTestKit cluster;
    private static String external;

    @Override
    public synchronized Map<String, String> start() {
        if (cluster == null) {
            cluster = startCluster();
        }
        return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
    }

    /**
     * Tests that run their own broker (a process they can stop and start) name it here, so {@link TopicReader} talks
     * to it; null goes back to the in-JVM broker.
     */
    public static synchronized void useExternal(String bootstrapServers) {
        external = bootstrapServers;
    }

    /** The bootstrap address of the running broker, for tests that produce or consume directly. */
    public static synchronized String bootstrapServers() {
        if (external != null) {
            return external;
        }
        if (cluster == null) {
            throw new IllegalStateException("the Kafka test broker is not started");
        }
        return cluster.bootstrapServers();
    }

    @Override
    public synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the Kafka test broker", e);
            } finally {
                cluster = null;
            }
        }
    }

    private static KafkaClusterTestKit startCluster() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "1")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            TopicSetup.ensure(kit.bootstrapServers());
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka test broker", e);
        }
    }
}
