package io.backupcenter.worker.datapath.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Opens a disk by its source URI. {@code file:///} today; other schemes plug in here. */
public final class DiskSources {

    private DiskSources() {
    }

    /** The disk at {@code source}, or a {@link DiskUnavailableException} saying why it cannot be read. */
    public static DiskSource open(String source) throws DiskUnavailableException {
        URI uri;
        try {
            uri = new URI(source);
        } catch (URISyntaxException e) {
            throw new DiskUnavailableException("'" + source + "' is not a URI");
        }
        if ("file".equals(uri.getScheme())) {
            return FileDiskSource.open(Path.of(uri));
        }
        throw new DiskUnavailableException("disk sources of scheme '" + uri.getScheme() + "' are not supported; use file:///");
    }
}
