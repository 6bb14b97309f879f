package io.backupcenter.worker;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a snapshot's or an attempt's directory: everything under it, what cannot be removed logged. */
public final class Directories {

    private static final Logger LOG = Logger.getLogger(Directories.class);

    private Directories() {
    }

    /** Removes {@code directory} and everything under it (nothing when it is not there). */
    public static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("cannot remove %s: %s", directory, e.getMessage());
        }
    }
}
