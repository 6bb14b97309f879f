package io.backupcenter.worker.datapath;

import io.backupcenter.worker.datapath.store.MirroredObjectStore;
import io.backupcenter.worker.datapath.store.ObjectStore;
import io.backupcenter.worker.datapath.store.S3ObjectStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The data path with an S3-compatible server (s3proxy, real HTTP and AWS signatures) as the vault store. */
class S3DataPathTest extends DataPathContract {

    @Override
    ObjectStore newStore(Path dir) {
        return S3ObjectStore.open(S3Server.get().settings("vaults", "vaults-secondary"), "vaults",
                UUID.randomUUID() + "/");
    }

    @Test
    void aMirroredStoreWritesBothBucketsAndReadsTheSecondWhenTheFirstLostAnObject() throws IOException {
        var settings = S3Server.get().settings("primary", "secondary");
        String prefix = UUID.randomUUID() + "/";
        S3ObjectStore primary = S3ObjectStore.open(settings, "primary", prefix);
        S3ObjectStore secondary = S3ObjectStore.open(settings, "secondary", prefix);
        MirroredObjectStore mirrored = new MirroredObjectStore(primary, secondary);

        mirrored.put("packs/aa/one", "hello".getBytes());
        primary.delete("packs/aa/one");

        assertThat(secondary.list("packs/")).isEqualTo(List.of("packs/aa/one"));
        assertThat(new String(mirrored.get("packs/aa/one"))).isEqualTo("hello");
        assertThat(new String(mirrored.read("packs/aa/one", 1, 3))).isEqualTo("ell");
        assertThat(Files.exists(Path.of("target/s3proxy/s3proxy.jar"))).isTrue();
    }
}
