package io.backupcenter.worker.vault;

import io.backupcenter.worker.datapath.store.FileObjectStore;
import io.backupcenter.worker.datapath.store.MirroredObjectStore;
import io.backupcenter.worker.datapath.store.ObjectStore;
import io.backupcenter.worker.datapath.store.S3ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where each vault's vault tier lives. {@code backup-center.vault-storage.kind=filesystem} (the default): a directory
 * per vault under {@code .data/vaults}; {@code s3}: a prefix per vault in a bucket of any S3-compatible store. A
 * geo-redundant vault writes every object to a second location too (another directory, or another bucket).
 */
@ApplicationScoped
public class VaultStorage {

    private final String kind;
    private final Path root;
    private final Path secondaryRoot;
    private final boolean sync;
    private final S3ObjectStore.Settings s3;

    VaultStorage(@ConfigProperty(name = "backup-center.vault-storage.kind", defaultValue = "filesystem") String kind,
            @ConfigProperty(name = "backup-center.vault-storage.root") Path root,
            @ConfigProperty(name = "backup-center.vault-storage.secondary-root") Path secondaryRoot,
            @ConfigProperty(name = "backup-center.vault-storage.sync", defaultValue = "true") boolean sync,
            @ConfigProperty(name = "backup-center.vault-storage.s3.endpoint") Optional<URI> endpoint,
            @ConfigProperty(name = "backup-center.vault-storage.s3.region", defaultValue = "us-east-1") String region,
            @ConfigProperty(name = "backup-center.vault-storage.s3.bucket", defaultValue = "backup-center-vaults") String bucket,
            @ConfigProperty(name = "backup-center.vault-storage.s3.secondary-bucket",
                    defaultValue = "backup-center-vaults-secondary") String secondaryBucket,
            @ConfigProperty(name = "backup-center.vault-storage.s3.access-key") Optional<String> accessKey,
            @ConfigProperty(name = "backup-center.vault-storage.s3.secret-key") Optional<String> secretKey) {
        this.kind = kind;
        this.root = root;
        this.secondaryRoot = secondaryRoot;
        this.sync = sync;
        this.s3 = kind.equals("s3")
                ? new S3ObjectStore.Settings(endpoint.orElseThrow(() -> new IllegalStateException(
                        "backup-center.vault-storage.s3.endpoint is required for S3 storage")), region, bucket,
                        secondaryBucket, accessKey.orElse(""), secretKey.orElse(""))
                : null;
        if (!kind.equals("filesystem") && !kind.equals("s3")) {
            throw new IllegalStateException("backup-center.vault-storage.kind must be filesystem or s3, not " + kind);
        }
    }

    /** The object store of one vault; a geo-redundant vault's writes go to both locations. */
    public ObjectStore of(String vaultId, boolean geoRedundant) {
        ObjectStore primary = primary(vaultId);
        return geoRedundant ? new MirroredObjectStore(primary, secondary(vaultId)) : primary;
    }

    /** One copy of a vault's data: {@code primary}, and {@code secondary} for a geo-redundant vault. */
    public record Copy(String name, ObjectStore store) {
    }

    /** Every copy of the vault's data, the primary first: each read on its own (no fall-back from one to the other). */
    public List<Copy> copies(String vaultId, boolean geoRedundant) {
        return geoRedundant ? List.of(new Copy("primary", primary(vaultId)), new Copy("secondary", secondary(vaultId)))
                : List.of(new Copy("primary", primary(vaultId)));
    }

    private ObjectStore primary(String vaultId) {
        return kind.equals("s3") ? S3ObjectStore.open(s3, s3.bucket(), vaultId + "/")
                : new FileObjectStore(root.resolve(vaultId), sync);
    }

    private ObjectStore secondary(String vaultId) {
        return kind.equals("s3") ? S3ObjectStore.open(s3, s3.secondaryBucket(), vaultId + "/")
                : new FileObjectStore(secondaryRoot.resolve(vaultId), sync);
    }

    @PreDestroy
    void close() {
        S3ObjectStore.closeClients();
    }
}
