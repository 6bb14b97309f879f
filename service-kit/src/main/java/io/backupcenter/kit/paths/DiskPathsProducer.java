package io.backupcenter.kit.paths;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's {@link DiskPaths}, from configuration: {@code backup-center.disks.allowed-roots},
 * {@code backup-center.restore.allowed-roots}, {@code backup-center.disks.device-roots},
 * {@code backup-center.disks.resource-group-roots."<group>"}; forbidden are the service's own state
 * ({@code backup-center.data}, keys, the master key, hook scripts, snapshot and vault storage, wherever they are
 * configured) and
 * {@code backup-center.paths.forbidden} (the database's files).
 */
@ApplicationScoped
public class DiskPathsProducer {

    private static final String GROUP_ROOTS = "backup-center.disks.resource-group-roots.";
    private static final List<String> OWN_STATE = List.of("backup-center.data", "backup-center.keys.directory",
            "backup-center.keys.master-key-file", "backup-center.hooks.directory", "backup-center.snapshots.root",
            "backup-center.vault-storage.root", "backup-center.vault-storage.secondary-root");

    @Produces
    @Singleton
    DiskPaths diskPaths(Config config) {
        Map<String, List<Path>> groups = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(GROUP_ROOTS)) {
                String group = name.substring(GROUP_ROOTS.length()).replace("\"", "");
                groups.put(group, paths(config, name));
            }
        }
        List<Path> forbidden = new ArrayList<>(paths(config, "backup-center.paths.forbidden"));
        for (String property : OWN_STATE) {
            config.getOptionalValue(property, String.class).filter(v -> !v.isBlank()).map(Path::of)
                    .ifPresent(forbidden::add);
        }
        return new DiskPaths(paths(config, "backup-center.disks.allowed-roots"),
                paths(config, "backup-center.restore.allowed-roots"), paths(config, "backup-center.disks.device-roots"),
                groups, forbidden);
    }

    private static List<Path> paths(Config config, String property) {
        Optional<String> value = config.getOptionalValue(property, String.class);
        return value.map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of)
                .toList()).orElse(List.of());
    }
}
