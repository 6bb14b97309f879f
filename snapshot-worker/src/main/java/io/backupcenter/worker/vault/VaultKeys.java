package io.backupcenter.worker.vault;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Platform-managed vault keys: each vault's AES-256 data key is generated on first use and stored wrapped
 * (AES-256-GCM, bound to the vault id) by the platform's master key, a file only the workers read
 * ({@code backup-center.keys.master-key-file}, created with mode 600 when missing). No key is ever logged or sent.
 */
@ApplicationScoped
public class VaultKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource dataSource;
    private final Path masterKeyFile;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private volatile SecretKey master;

    VaultKeys(AgroalDataSource dataSource,
            @ConfigProperty(name = "backup-center.keys.master-key-file") Path masterKeyFile) {
        this.dataSource = dataSource;
        this.masterKeyFile = masterKeyFile;
    }

    /** The data key of {@code vaultId}, created the first time a vault needs one. Blocking. */
    public SecretKey keyOf(String vaultId) {
        return keys.computeIfAbsent(vaultId, this::loadOrCreate);
    }

    private SecretKey loadOrCreate(String vaultId) {
        try (Connection connection = dataSource.getConnection()) {
            byte[] wrapped = read(connection, vaultId);
            if (wrapped == null) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into vault_key (vault_id, wrapped_key, created_at) values (?, ?, ?) "
                                + "on conflict (vault_id) do nothing")) {
                    insert.setString(1, vaultId);
                    insert.setBytes(2, wrap(key, vaultId));
                    insert.setTimestamp(3, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                Arrays.fill(key, (byte) 0);
                wrapped = read(connection, vaultId);
            }
            return new SecretKeySpec(unwrap(wrapped, vaultId), "AES");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the key of vault " + vaultId + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Connection connection, String vaultId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select wrapped_key from vault_key where vault_id = ?")) {
            query.setString(1, vaultId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    private byte[] wrap(byte[] key, String vaultId) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, master(), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(vaultId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key);
            byte[] out = new byte[12 + sealed.length];
            System.arraycopy(nonce, 0, out, 0, 12);
            System.arraycopy(sealed, 0, out, 12, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a vault key", e);
        }
    }

    private byte[] unwrap(byte[] wrapped, String vaultId) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, master(), new GCMParameterSpec(128, wrapped, 0, 12));
            cipher.updateAAD(vaultId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(wrapped, 12, wrapped.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key of vault " + vaultId + " does not open with this master key "
                    + "(is " + masterKeyFile + " the platform's?)", e);
        }
    }

    private SecretKey master() {
        SecretKey key = master;
        if (key == null) {
            synchronized (this) {
                if (master == null) {
                    master = new SecretKeySpec(loadOrCreateMasterKey(), "AES");
                }
                key = master;
            }
        }
        return key;
    }

    private byte[] loadOrCreateMasterKey() {
        try {
            if (!Files.exists(masterKeyFile)) {
                Files.createDirectories(masterKeyFile.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                try {
                    Path file = Files.createFile(masterKeyFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(key));
                } catch (FileAlreadyExistsException anotherWorkerWasFirst) {
                    // read theirs below
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(masterKeyFile).strip());
            if (key.length != 32) {
                throw new IllegalStateException(masterKeyFile + " does not hold a 256-bit key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + masterKeyFile, e);
        }
    }
}
