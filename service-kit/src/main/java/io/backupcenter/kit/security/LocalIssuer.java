package io.backupcenter.kit.security;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.eclipse.microprofile.jwt.Claims;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The system's own token issuer: an RSA key pair in a keys directory ({@code jwt-private.pem}, {@code jwt-public.pem})
 * and the RS256 tokens it signs with smallrye-jwt's builder, which every service verifies (smallrye-jwt, issuer and
 * audience {@value #ISSUER}). The launcher runs it as a command, on the gateway's class path: {@code keys <dir>} makes the pair once, {@code token <dir> --role R [--scope rg]…}
 * prints a token.
 */
public final class LocalIssuer {

    /** The {@code iss} of every token this issuer signs. */
    public static final String ISSUER = "backup-center";
    /** The {@code aud} of every token this issuer signs: the Backup Center API (mp.jwt.verify.audiences). */
    public static final String AUDIENCE = "backup-center";
    /** The claim that limits a principal to resource groups; absent means all of them. */
    public static final String RESOURCE_GROUPS_CLAIM = "resourceGroups";
    public static final String PRIVATE_KEY_FILE = "jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "jwt-public.pem";


    private final PrivateKey key;

    private LocalIssuer(PrivateKey key) {
        this.key = key;
    }

    /** The issuer whose private key is {@code privateKeyPem} (PKCS#8 PEM). */
    public static LocalIssuer fromPem(String privateKeyPem) {
        String base64 = privateKeyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return new LocalIssuer(KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA private key in PKCS#8 PEM", e);
        }
    }

    /** The issuer of the key pair in {@code keys}. */
    public static LocalIssuer fromDirectory(Path keys) {
        try {
            return fromPem(Files.readString(keys.resolve(PRIVATE_KEY_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key in " + keys, e);
        }
    }

    /**
     * Makes the key pair in {@code keys} unless it is there already; the private key readable by its owner only.
     * Returns true when it made one.
     */
    public static boolean createKeys(Path keys) throws IOException {
        Path privateKey = keys.resolve(PRIVATE_KEY_FILE);
        if (Files.exists(privateKey)) {
            return false;
        }
        Files.createDirectories(keys);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Path partial = keys.resolve(PRIVATE_KEY_FILE + ".partial");
        Files.writeString(partial, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX filesystems keep their default permissions.
        }
        Files.writeString(keys.resolve(PUBLIC_KEY_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(partial, privateKey);
        return true;
    }

    /**
     * A signed token for {@code subject} in {@code role}, limited to {@code resourceGroups} (empty: all), valid from
     * {@code now} for {@code validFor}.
     */
    public String token(String subject, String role, List<String> resourceGroups, Instant now, Duration validFor) {
        return token(subject, List.of(role), resourceGroups, now, validFor);
    }

    /**
     * As {@link #token(String, String, List, Instant, Duration)}, holding every role of {@code roles}. Built and
     * signed (RS256) by smallrye-jwt's builder; the token names its audience, {@value #AUDIENCE}, which every service
     * requires.
     */
    public String token(String subject, List<String> roles, List<String> resourceGroups, Instant now,
            Duration validFor) {
        return token(subject, roles, resourceGroups, now, validFor, AUDIENCE);
    }

    /** As above, for another audience (tests show such a token is refused). */
    public String token(String subject, List<String> roles, List<String> resourceGroups, Instant now,
            Duration validFor, String audience) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(new LinkedHashSet<>(roles))
                .audience(audience)
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(validFor).getEpochSecond())
                .claim(Claims.jti.name(), UUID.randomUUID().toString());
        if (!resourceGroups.isEmpty()) {
            claims.claim(RESOURCE_GROUPS_CLAIM, resourceGroups);
        }
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** {@code keys <dir>} or {@code token <dir> --role R [--scope rg]… [--name n] [--valid-for PT12H]}. */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("keys")) {
            if (createKeys(Path.of(args[1]))) {
                System.err.println("made the signing key pair in " + args[1]);
            }
            return;
        }
        if (args.length < 2 || !args[0].equals("token")) {
            usage("");
        }
        String role = null;
        String name = null;
        Duration validFor = Duration.ofHours(12);
        List<String> scopes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                usage(option + " needs a value");
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--role" -> role = Roles.canonical(value);
                    case "--scope" -> scopes.add(value);
                    case "--name" -> name = value;
                    case "--valid-for" -> validFor = Duration.parse(value.toUpperCase(Locale.ROOT));
                    default -> usage("unknown option " + option);
                }
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                usage(option + ": " + e.getMessage());
            }
        }
        if (role == null) {
            usage("--role must be one of " + String.join(", ", Roles.ALL));
        }
        String subject = name != null ? name : System.getProperty("user.name", "user") + "-" + role.toLowerCase(Locale.ROOT);
        System.err.println("a token for '" + subject + "', role " + role + ", resource groups "
                + (scopes.isEmpty() ? "all" : String.join(", ", scopes)) + ", valid for " + validFor + ":");
        System.out.println(fromDirectory(Path.of(args[1])).token(subject, role, scopes, Instant.now(), validFor));
    }

    private static void usage(String problem) {
        System.err.println((problem.isEmpty() ? "" : problem + "\n")
                + "usage: token <keys-dir> --role <Reader|Operator|Contributor|Owner> [--scope <resourceGroup>]..."
                + " [--name <who>] [--valid-for PT12H]");
        System.exit(2);
    }
}
