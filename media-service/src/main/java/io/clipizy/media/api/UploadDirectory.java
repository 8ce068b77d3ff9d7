package io.clipizy.media.api;

import io.clipizy.media.config.MediaConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The directory where streamed uploads are written while they are handled ({@code clipizy.media.upload-dir}). Made at
 * start-up, when files an earlier run left behind (it was killed mid-upload) and that are older than a day go too.
 */
@Startup
@ApplicationScoped
public class UploadDirectory {
    private static final Logger LOG = Logger.getLogger(UploadDirectory.class);
    private static final Duration STALE = Duration.ofDays(1);

    private final Path path;

    public UploadDirectory(MediaConfig config) {
        this.path = Path.of(config.uploadDir()).toAbsolutePath();
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload directory " + path, e);
        }
        removeStale();
    }

    public Path path() {
        return path;
    }

    private void removeStale() {
        Instant before = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, "upload-*")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not sweep stale uploads from %s: %s", path, e.getMessage());
        }
    }
}
