package io.backupcenter.worker.datapath.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects under a prefix of a bucket of any S3-compatible store (path-style requests, so MinIO, Ceph RGW, s3proxy and
 * AWS all work). A put of a whole object is atomic in S3. Clients are shared per endpoint and credentials.
 */
public final class S3ObjectStore implements ObjectStore {

    /** Where and as whom to connect; {@link #toString()} never shows the secret. */
    public record Settings(URI endpoint, String region, String bucket, String secondaryBucket, String accessKey,
            String secretKey) {
        @Override
        public String toString() {
            return "S3 " + endpoint + " (" + region + ")";
        }
    }

    private static final Map<Settings, S3Client> CLIENTS = new ConcurrentHashMap<>();
    private static final Set<String> READY_BUCKETS = ConcurrentHashMap.newKeySet();

    private final S3Client client;
    private final Settings settings;
    private final String bucket;
    private final String prefix;

    private S3ObjectStore(S3Client client, Settings settings, String bucket, String prefix) {
        this.client = client;
        this.settings = settings;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** The store of {@code prefix} in {@code bucket}, which is created when missing. */
    public static S3ObjectStore open(Settings settings, String bucket, String prefix) {
        S3Client client = CLIENTS.computeIfAbsent(settings, S3ObjectStore::client);
        if (READY_BUCKETS.add(settings.endpoint() + "/" + bucket)) {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (SdkException missing) {
                try {
                    client.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                    // created meanwhile by another worker
                }
            }
        }
        return new S3ObjectStore(client, settings, bucket, prefix);
    }

    private static S3Client client(Settings settings) {
        return S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** Closes the shared clients (at shutdown). */
    public static void closeClients() {
        CLIENTS.values().forEach(S3Client::close);
        CLIENTS.clear();
        READY_BUCKETS.clear();
    }

    @Override
    public void put(String key, byte[] data, int length) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(prefix + key).contentLength((long) length),
                    RequestBody.fromByteBuffer(ByteBuffer.wrap(data, 0, length)));
        } catch (SdkException e) {
            throw new IOException("cannot store " + key + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe() + "/" + key);
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(String key, long offset, int length) throws IOException {
        try {
            byte[] bytes = client.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + key)
                    .range("bytes=" + offset + "-" + (offset + length - 1))).asByteArray();
            if (bytes.length != length) {
                throw new IOException("object " + key + " ends before " + (offset + length) + " bytes");
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe() + "/" + key);
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw new IOException("cannot delete " + key + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                    .contents()) {
                if (!object.key().endsWith("/")) {
                    // some stores list directory markers; they are not objects of ours
                    keys.add(object.key().substring(prefix.length()));
                }
            }
            return keys;
        } catch (SdkException e) {
            throw new IOException("cannot list " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3 " + settings.endpoint() + "/" + bucket + "/" + prefix;
    }
}
