package io.backupcenter.kit.testing;

import io.backupcenter.kit.security.LocalIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the service under test at the test issuer: its key pair is written to a keys directory of its own, as
 * {@code ./backup-center up} keeps the system's under {@code .data/keys/}. {@link TestTokens} signs with the same key;
 * {@link AsOwner} makes every RestAssured request carry an Owner token unless the test says otherwise.
 */
public class TestSecurityResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path keys = Files.createTempDirectory("backup-center-test-keys");
            for (String file : new String[] {LocalIssuer.PRIVATE_KEY_FILE, LocalIssuer.PUBLIC_KEY_FILE}) {
                Files.writeString(keys.resolve(file), TestTokens.resource("test-keys/" + file));
            }
            return Map.of(
                    "backup-center.keys.directory", keys.toString(),
                    "mp.jwt.verify.publickey.location", keys.resolve(LocalIssuer.PUBLIC_KEY_FILE).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The temporary keys go with the temporary directory.
    }
}
