package io.backupcenter.kit.testing;

import io.backupcenter.kit.security.LocalIssuer;
import io.backupcenter.kit.security.Roles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Real signed tokens for tests, from the test issuer the services under test trust ({@code test-keys/} in this
 * test-jar): in any role and scope, expired ones, and forged ones signed by a key nobody trusts.
 */
public final class TestTokens {

    private static final LocalIssuer TRUSTED = LocalIssuer.fromPem(resource("test-keys/jwt-private.pem"));
    private static final LocalIssuer UNTRUSTED = LocalIssuer.fromPem(resource("test-keys/untrusted-private.pem"));

    private TestTokens() {
    }

    /** An Owner of every resource group: what tests that are not about access use. */
    public static String owner() {
        return token("test-owner", Roles.OWNER);
    }

    /** A principal named {@code name} in {@code role}, limited to {@code resourceGroups} (none given: all). */
    public static String token(String name, String role, String... resourceGroups) {
        return TRUSTED.token(name, role, List.of(resourceGroups), Instant.now(), Duration.ofHours(1));
    }

    /** A service's own token (Reader and Service), as {@code ServiceTokens} makes it. */
    public static String service(String name) {
        return TRUSTED.token(name, List.of(Roles.READER, Roles.SERVICE), List.of(), Instant.now(), Duration.ofHours(1));
    }

    /** An Owner token that expired an hour ago. */
    public static String expired() {
        return TRUSTED.token("test-owner", Roles.OWNER, List.of(), Instant.now().minus(Duration.ofHours(2)),
                Duration.ofHours(1));
    }

    /** An Owner token signed by a key the services do not trust. */
    public static String forged() {
        return UNTRUSTED.token("mallory", Roles.OWNER, List.of(), Instant.now(), Duration.ofHours(1));
    }

    /** An Owner token of the trusted issuer, minted for another API (its {@code aud}). */
    public static String forAnotherAudience() {
        return TRUSTED.token("test-owner", List.of(Roles.OWNER), List.of(), Instant.now(), Duration.ofHours(1),
                "some-other-api");
    }

    /** The PEM text of a key in this test-jar. */
    static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
