package io.backupcenter.kit.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalIssuerTest {

    @Test
    void theKeyPairIsMadeOnceWithThePrivateKeyForItsOwnerOnly(@TempDir Path keys) throws Exception {
        assertThat(LocalIssuer.createKeys(keys)).isTrue();
        String first = Files.readString(keys.resolve(LocalIssuer.PRIVATE_KEY_FILE));

        assertThat(LocalIssuer.createKeys(keys)).isFalse();

        assertThat(Files.readString(keys.resolve(LocalIssuer.PRIVATE_KEY_FILE))).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(LocalIssuer.PRIVATE_KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void aTokenIsSignedWithTheKeyAndCarriesTheRoleScopeAndTimes(@TempDir Path keys) throws Exception {
        LocalIssuer.createKeys(keys);
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        String token = LocalIssuer.fromDirectory(keys).token("alice", Roles.OPERATOR, List.of("hotel-rg"), now,
                Duration.ofHours(2));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(publicKey(keys));
        verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("iss").asText()).isEqualTo("backup-center");
        assertThat(claims.get("upn").asText()).isEqualTo("alice");
        assertThat(claims.get("groups").get(0).asText()).isEqualTo("Operator");
        assertThat(claims.get("resourceGroups").get(0).asText()).isEqualTo("hotel-rg");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(7200);
        JsonNode audience = claims.get("aud");
        assertThat(audience.isArray() ? audience.get(0).asText() : audience.asText()).isEqualTo("backup-center");
        assertThat(claims.get("jti").asText()).isNotBlank();
    }

    @Test
    void aTokenForEveryResourceGroupHasNoScopeClaim(@TempDir Path keys) throws Exception {
        LocalIssuer.createKeys(keys);
        String token = LocalIssuer.fromDirectory(keys).token("root", Roles.OWNER, List.of(), Instant.now(),
                Duration.ofHours(1));
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.has("resourceGroups")).isFalse();
    }

    @Test
    void rolesIncludeTheLesserOnesAndUnknownNamesAreRefused() {
        assertThat(Roles.including(Roles.CONTRIBUTOR)).containsExactly("Reader", "Operator", "Contributor");
        assertThat(Roles.including("Guest")).isEmpty();
        assertThat(Roles.canonical("owner")).isEqualTo("Owner");
        assertThatThrownBy(() -> Roles.canonical("admin")).hasMessageContaining("Reader, Operator, Contributor, Owner");
    }

    @Test
    void aScopeComparesResourceGroupsWithoutCase() {
        ResourceGroupScope scope = ResourceGroupScope.of(List.of("Hotel-RG"));
        assertThat(scope.allows("hotel-rg")).isTrue();
        assertThat(scope.allows("stadium-rg")).isFalse();
        assertThat(scope.allows(null)).isFalse();
        assertThat(ResourceGroupScope.ALL.allows(null)).isTrue();
    }

    private static PublicKey publicKey(Path keys) throws Exception {
        String pem = Files.readString(keys.resolve(LocalIssuer.PUBLIC_KEY_FILE))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }
}
