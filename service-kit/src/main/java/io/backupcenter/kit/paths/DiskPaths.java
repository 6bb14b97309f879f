package io.backupcenter.kit.paths;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The security boundary between the API and the files of the machines that run Backup Center: which disk sources a
 * VM may name and where a restore may write. A path is resolved first (symbolic links and {@code ..} followed as the
 * operating system follows them; a part that does not exist yet is taken as written), then it must lie under one of
 * the operator's roots and under none of the forbidden ones (the service's own state: its data directory, keys,
 * vault and snapshot storage, the database's files), whatever the roots say. A VM of a resource group that has roots
 * of its own uses only those, and no other group may name a path under them. Block devices (and anything else that
 * is neither a regular file nor a directory) only under the device roots.
 *
 * <p>Checked where a path enters (VM registration, a restore request) and again by the worker when it opens or writes
 * the file: a symlink changed in between is caught then. Pure Java, thread-safe.
 */
public final class DiskPaths {

    private final List<Path> diskRoots;
    private final List<Path> restoreRoots;
    private final List<Path> deviceRoots;
    private final Map<String, List<Path>> groupRoots;
    private final List<Path> forbidden;

    /**
     * @param diskRoots where disk sources may lie
     * @param restoreRoots where restores may write (besides a VM's own disks)
     * @param deviceRoots where block devices may be named
     * @param groupRoots resource group (any case) → the only roots its VMs may use, reserved to it
     * @param forbidden never allowed, whatever the roots say
     */
    public DiskPaths(List<Path> diskRoots, List<Path> restoreRoots, List<Path> deviceRoots,
            Map<String, List<Path>> groupRoots, List<Path> forbidden) {
        this.diskRoots = resolveAll(diskRoots);
        this.restoreRoots = resolveAll(restoreRoots);
        this.deviceRoots = resolveAll(deviceRoots);
        this.groupRoots = groupRoots.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> resolveAll(e.getValue())));
        this.forbidden = resolveAll(forbidden);
    }

    /** A path that may not be used, with the reason in words a person understands. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The resolved path of a VM's disk source ({@code file:///…}) in {@code resourceGroup}, or why it is refused. */
    public Path diskSource(String source, String resourceGroup) throws Refused {
        Path path = resolve(fileOf(source));
        checkNotForbidden(path, source);
        List<Path> roots = rootsOf(resourceGroup, diskRoots);
        checkUnder(path, source, roots, "disk sources", "backup-center.disks.allowed-roots");
        checkNotAnotherGroups(path, source, resourceGroup);
        checkKind(path, source);
        return path;
    }

    /**
     * As {@link #diskSource}, for a disk registered on its resolved path (vault-service registers them so): also
     * refused when the path now resolves elsewhere — a link on its way was added or changed since registration, which
     * could lead to another VM's disk within the roots.
     */
    public Path registeredDisk(String source, String resourceGroup) throws Refused {
        Path resolved = diskSource(source, resourceGroup);
        Path registered = fileOf(source).toAbsolutePath().normalize();
        if (!resolved.equals(registered)) {
            throw new Refused("'" + source + "' now leads to " + resolved + ": a link on its way changed since the VM"
                    + " was registered; register the VM's disk again with its real path");
        }
        return resolved;
    }

    /**
     * The resolved directory a restore writes into ({@code file:///…}), for an item of {@code resourceGroup}, or why
     * it is refused.
     */
    public Path restoreDirectory(String target, String resourceGroup) throws Refused {
        Path path = resolve(fileOf(target));
        return checkRestorePath(path, target, resourceGroup);
    }

    /** The resolved file a restore writes (a disk image in the target directory), or why it is refused. */
    public Path restoreFile(Path file, String resourceGroup) throws Refused {
        Path path = resolve(file);
        checkRestorePath(path, file.toString(), resourceGroup);
        checkKind(path, file.toString());
        return path;
    }

    private Path checkRestorePath(Path path, String asGiven, String resourceGroup) throws Refused {
        checkNotForbidden(path, asGiven);
        List<Path> roots = groupRoots.containsKey(key(resourceGroup))
                ? concat(groupRoots.get(key(resourceGroup)), restoreRoots) : restoreRoots;
        checkUnder(path, asGiven, roots, "restore targets", "backup-center.restore.allowed-roots");
        checkNotAnotherGroups(path, asGiven, resourceGroup);
        return path;
    }

    /**
     * {@code path} as the operating system would reach it: the longest part that exists resolved to its real path
     * (every symbolic link and {@code ..} followed), the rest appended as written but never climbing out.
     */
    public static Path resolve(Path path) throws Refused {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new Refused("'" + path + "' cannot be resolved");
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new Refused("'" + path + "' cannot be resolved: " + e.getMessage());
        }
        Path rest = existing.relativize(absolute);
        for (Path part : rest) {
            if (part.toString().equals("..")) {
                throw new Refused("'" + path + "' climbs out of a directory that does not exist ('..')");
            }
            if (!part.toString().equals(".")) {
                real = real.resolve(part);
            }
        }
        return real;
    }

    /** The file of a {@code file:///} URI, or why it is not one. */
    public static Path fileOf(String uri) throws Refused {
        if (uri == null || !uri.startsWith("file:///")) {
            throw new Refused("'" + uri + "' is not a file:/// URI");
        }
        if (uri.indexOf('\0') >= 0) {
            throw new Refused("a file URI may not contain a NUL character");
        }
        try {
            return Path.of(URI.create(uri));
        } catch (IllegalArgumentException e) {
            throw new Refused("'" + uri + "' is not a valid file URI: " + e.getMessage());
        }
    }

    private void checkNotForbidden(Path path, String asGiven) throws Refused {
        for (Path root : forbidden) {
            if (path.startsWith(root)) {
                throw new Refused("'" + asGiven + "' lies in " + root + ", which no disk or restore may use: Backup"
                        + " Center's own state (keys, vault and snapshot storage, databases) and the system's files are"
                        + " refused whatever the roots say");
            }
        }
    }

    private static void checkUnder(Path path, String asGiven, List<Path> roots, String what, String property)
            throws Refused {
        for (Path root : roots) {
            if (path.startsWith(root)) {
                return;
            }
        }
        String resolved = path.toString().equals(asGiven.replaceFirst("^file://", "")) ? ""
                : " (resolved: " + path + ")";
        throw new Refused("'" + asGiven + "'" + resolved + " is outside the directories allowed for " + what + ": "
                + (roots.isEmpty() ? "none are configured" : roots.stream().map(Path::toString)
                .collect(Collectors.joining(", "))) + " (" + property + ")");
    }

    private void checkNotAnotherGroups(Path path, String asGiven, String resourceGroup) throws Refused {
        for (Map.Entry<String, List<Path>> group : groupRoots.entrySet()) {
            if (group.getKey().equals(key(resourceGroup))) {
                continue;
            }
            for (Path root : group.getValue()) {
                if (path.startsWith(root)) {
                    throw new Refused("'" + asGiven + "' lies in " + root + ", reserved to another resource group");
                }
            }
        }
    }

    private void checkKind(Path path, String asGiven) throws Refused {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("'" + asGiven + "' is a directory, not a disk image or block device");
        }
        for (Path root : deviceRoots) {
            if (path.startsWith(root)) {
                return;
            }
        }
        throw new Refused("'" + asGiven + "' is a device or special file; devices are allowed only under "
                + (deviceRoots.isEmpty() ? "device roots, and none are configured"
                : deviceRoots.stream().map(Path::toString).collect(Collectors.joining(", ")))
                + " (backup-center.disks.device-roots)");
    }

    private List<Path> rootsOf(String resourceGroup, List<Path> general) {
        return groupRoots.getOrDefault(key(resourceGroup), general);
    }

    private static String key(String resourceGroup) {
        return resourceGroup == null ? "" : resourceGroup.toLowerCase(Locale.ROOT);
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Path> resolveAll(List<Path> paths) {
        List<Path> resolved = new ArrayList<>();
        for (Path path : paths) {
            try {
                resolved.add(resolve(path));
            } catch (Refused e) {
                resolved.add(path.toAbsolutePath().normalize());
            }
        }
        return List.copyOf(resolved);
    }
}
