package io.backupcenter.kit.paths;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskPathsTest {

    @TempDir
    Path dir;
    Path vms;
    Path restores;
    Path data;
    Path webOnly;
    DiskPaths paths;

    @BeforeEach
    void roots() throws IOException {
        vms = Files.createDirectories(dir.resolve("vms"));
        restores = Files.createDirectories(dir.resolve("restores"));
        data = Files.createDirectories(vms.resolve(".data"));
        webOnly = Files.createDirectories(dir.resolve("web-disks"));
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/jwt-private.pem"), "secret");
        paths = new DiskPaths(List.of(vms), List.of(restores), List.of(), Map.of("WebRG", List.of(webOnly)),
                List.of(data, Path.of("/etc")));
    }

    private static String uri(Path path) {
        return "file://" + path;
    }

    @Test
    void aDiskImageUnderADiskRootIsAllowedAsItsRealPath() throws Exception {
        Path image = Files.writeString(vms.resolve("web01.img"), "disk");
        assertThat(paths.diskSource(uri(image), "rg")).isEqualTo(image.toRealPath());
        assertThat(paths.diskSource(uri(vms.resolve("later/web02.img")), "rg"))
                .isEqualTo(vms.toRealPath().resolve("later/web02.img"));
    }

    @Test
    void aPathOutsideTheRootsIsRefusedNamingTheRoots() {
        assertThatThrownBy(() -> paths.diskSource("file:///etc/shadow", "rg"))
                .hasMessageContaining("refused whatever the roots say");
        assertThatThrownBy(() -> paths.diskSource(uri(restores.resolve("x.img")), "rg"))
                .hasMessageContaining("outside the directories allowed for disk sources")
                .hasMessageContaining(vms.toString());
    }

    @Test
    void dotDotIsFollowedBeforeTheCheck() throws Exception {
        Files.createDirectories(vms.resolve("a"));
        assertThatThrownBy(() -> paths.diskSource("file://" + vms + "/a/../../restores/x.img", "rg"))
                .hasMessageContaining("outside the directories allowed");
        assertThatThrownBy(() -> paths.diskSource("file://" + vms + "/missing/../../restores/x.img", "rg"))
                .isInstanceOf(DiskPaths.Refused.class);
    }

    @Test
    void aSymlinkIntoTheServicesOwnStateIsRefusedAlthoughItLiesUnderARoot() throws Exception {
        Path link = Files.createSymbolicLink(vms.resolve("innocent.img"), data.resolve("keys/jwt-private.pem"));
        assertThatThrownBy(() -> paths.diskSource(uri(link), "rg")).hasMessageContaining("Center's own state");
        Path dirLink = Files.createSymbolicLink(vms.resolve("d"), data);
        assertThatThrownBy(() -> paths.diskSource(uri(dirLink.resolve("keys/new.img")), "rg"))
                .hasMessageContaining("Center's own state");
        assertThatThrownBy(() -> paths.diskSource(uri(data.resolve("keys/jwt-private.pem")), "rg"))
                .hasMessageContaining("Center's own state");
    }

    @Test
    void devicesOnlyUnderDeviceRoots() throws Exception {
        DiskPaths devRoot = new DiskPaths(List.of(Path.of("/dev"), vms), List.of(), List.of(), Map.of(), List.of());
        assertThatThrownBy(() -> devRoot.diskSource("file:///dev/null", "rg")).hasMessageContaining("device");
        DiskPaths devices = new DiskPaths(List.of(Path.of("/dev")), List.of(), List.of(Path.of("/dev")), Map.of(),
                List.of());
        assertThat(devices.diskSource("file:///dev/null", "rg")).isEqualTo(Path.of("/dev/null"));
        assertThatThrownBy(() -> paths.diskSource(uri(vms), "rg")).hasMessageContaining("is a directory");
    }

    @Test
    void aResourceGroupsOwnRootsAreItsAlone() throws Exception {
        Path web = webOnly.resolve("web.img");
        assertThat(paths.diskSource(uri(web), "webrg")).isEqualTo(webOnly.toRealPath().resolve("web.img"));
        assertThatThrownBy(() -> paths.diskSource(uri(web), "OtherRG"))
                .isInstanceOf(DiskPaths.Refused.class);
        assertThatThrownBy(() -> paths.diskSource(uri(vms.resolve("x.img")), "WebRG"))
                .hasMessageContaining("outside the directories allowed");
    }

    @Test
    void restoresWriteOnlyUnderRestoreRoots() throws Exception {
        assertThat(paths.restoreDirectory(uri(restores.resolve("hotel")), "rg"))
                .isEqualTo(restores.toRealPath().resolve("hotel"));
        assertThatThrownBy(() -> paths.restoreDirectory("file:///etc/cron.d", "rg"))
                .isInstanceOf(DiskPaths.Refused.class);
        assertThatThrownBy(() -> paths.restoreDirectory("file:///tmp/anywhere", "rg"))
                .hasMessageContaining("restore targets");
        assertThatThrownBy(() -> paths.restoreFile(data.resolve("keys/jwt-private.pem"), "rg"))
                .hasMessageContaining("Center's own state");
    }

    @Test
    void aRegisteredDiskWhosePathNowLeadsElsewhereIsRefused() throws Exception {
        Path mine = Files.writeString(vms.resolve("mine.img"), "mine");
        Path theirs = Files.writeString(vms.resolve("theirs.img"), "theirs");
        Path dir = Files.createDirectories(vms.resolve("web"));
        assertThat(paths.registeredDisk(uri(dir.resolve("disk.img")), "rg")).isEqualTo(dir.toRealPath()
                .resolve("disk.img"));
        // The directory becomes a link after registration: the same name now reaches another VM's disk.
        Files.delete(dir);
        Files.createSymbolicLink(dir, vms);
        assertThatThrownBy(() -> paths.registeredDisk(uri(dir.resolve("theirs.img")), "rg"))
                .hasMessageContaining("a link on its way changed");
        assertThat(paths.registeredDisk(uri(mine.toRealPath()), "rg")).isEqualTo(mine.toRealPath());
        assertThat(theirs).exists();
    }

    @Test
    void notAFileUriIsRefused() {
        assertThatThrownBy(() -> paths.diskSource("/var/lib/x.img", "rg")).hasMessageContaining("file:///");
        assertThatThrownBy(() -> paths.diskSource("file:///a%00b", "rg")).isInstanceOf(DiskPaths.Refused.class);
    }
}
