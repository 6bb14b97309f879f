package io.backupcenter.kit;

import io.backupcenter.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates every topic of {@link Topics#ALL} that a broker lacks and grows any that has fewer partitions than the
 * system needs. Idempotent. Used by {@code ./backup-center up} ({@code main}) and by the tests' broker.
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /** {@code java -cp … io.backupcenter.kit.TopicSetup <bootstrap servers>}; exits non-zero when it cannot. */
    public static void main(String[] args) throws Exception {
        ensure(args.length > 0 ? args[0] : "localhost:9092");
    }

    /** Makes the broker at {@code bootstrap} hold every topic; returns the names it created or grew. */
    public static List<String> ensure(String bootstrap)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            List<String> present = Topics.ALL.stream().map(Topics.TopicSpec::name)
                    .filter(existing::contains).toList();
            Map<String, TopicDescription> descriptions = present.isEmpty()
                    ? Map.of() : admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<String, NewPartitions> grow = new HashMap<>();
            for (Topics.TopicSpec spec : Topics.ALL) {
                TopicDescription description = descriptions.get(spec.name());
                if (description != null && description.partitions().size() < spec.partitions()) {
                    grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
                }
            }
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
            }
            return java.util.stream.Stream.concat(missing.stream().map(NewTopic::name), grow.keySet().stream())
                    .sorted().toList();
        }
    }
}
