package io.backupcenter.worker.datapath;

import io.backupcenter.worker.datapath.store.FileObjectStore;
import io.backupcenter.worker.datapath.store.ObjectStore;

import java.nio.file.Path;

/** The data path with a directory as the vault store (the default). */
class FileDataPathTest extends DataPathContract {

    @Override
    ObjectStore newStore(Path dir) {
        return new FileObjectStore(dir.resolve("vault"), false);
    }
}
