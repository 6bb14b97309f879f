package io.backupcenter.worker.backup;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a VM's pre/post consistency hooks around its snapshot. A hook names a script that operators install on the
 * workers in {@code backup-center.hooks.directory} (as Azure runs pre/post scripts inside the VM through its agent);
 * the API never makes a worker run an arbitrary command. A hook that is missing, fails, or outlasts its timeout
 * fails: the recovery point is then only file-system consistent.
 */
final class ConsistencyHooks {

    private static final Logger LOG = Logger.getLogger(ConsistencyHooks.class);
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    private final Path directory;
    private final Duration timeout;

    ConsistencyHooks(Path directory, Duration timeout) {
        this.directory = directory;
        this.timeout = timeout;
    }

    /** Runs hook {@code name} for {@code vmName}; null when it succeeded, else why it failed. */
    String run(String name, String phase, String vmName) {
        if (!name.matches(NAME)) {
            return phase + " hook '" + name + "' is not a script name (letters, digits, . _ -)";
        }
        Path script = directory.resolve(name);
        if (!Files.isExecutable(script)) {
            return phase + " hook '" + name + "' is not an executable script in " + directory;
        }
        try {
            Process process = new ProcessBuilder(List.of(script.toString(), phase, vmName))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return phase + " hook '" + name + "' did not finish within " + timeout.toSeconds() + " s";
            }
            return process.exitValue() == 0 ? null
                    : phase + " hook '" + name + "' failed with exit status " + process.exitValue();
        } catch (IOException e) {
            LOG.warnf("cannot run %s hook %s: %s", phase, name, e.getMessage());
            return phase + " hook '" + name + "' cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return phase + " hook '" + name + "' was interrupted";
        }
    }
}
