package io.clipizy.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@code ffmpeg} and {@code ffprobe} programs shipped inside the bytedeco FFmpeg jar (libx264, AAC, MP3, Opus,
 * Vorbis, GIF), extracted once into a cache folder. They run with {@code LD_LIBRARY_PATH} set to that folder.
 */
public final class FfmpegTools {
    private static final String PREFIX = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";

    private final Path dir;

    private FfmpegTools(Path dir) {
        this.dir = dir;
    }

    /** The default cache: ~/.cache/clipizy/ffmpeg-VERSION (shared by the local stack and the tests). */
    public static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "clipizy", "ffmpeg-" + InfraArtifacts.version("ffmpeg"));
    }

    /** Extracts into {@code cacheDir} unless a complete extraction is already there. Safe to call concurrently. */
    public static FfmpegTools extract(Path cacheDir) {
        Path done = cacheDir.resolve(".complete");
        if (Files.exists(done)) {
            return new FfmpegTools(cacheDir);
        }
        try {
            Files.createDirectories(cacheDir.getParent());
            Path staging = Files.createTempDirectory(cacheDir.getParent(), "ffmpeg-extract");
            try (ZipFile zip = new ZipFile(InfraArtifacts.ffmpegJar().toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (entry.isDirectory() || !name.startsWith(PREFIX) || name.contains("libjni")) {
                        continue;
                    }
                    Path target = staging.resolve(name.substring(PREFIX.length()));
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.writeString(staging.resolve(".complete"), InfraArtifacts.version("ffmpeg"));
            try {
                Files.move(staging, cacheDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                // another process finished first: use its copy
                S3ProxyServer.deleteTree(staging);
                if (!Files.exists(done)) {
                    throw alreadyThere;
                }
            }
            return new FfmpegTools(cacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract FFmpeg into " + cacheDir, e);
        }
    }

    public Path ffmpeg() {
        return dir.resolve("ffmpeg");
    }

    public Path ffprobe() {
        return dir.resolve("ffprobe");
    }

    /** The folder holding the programs and their shared libraries (for LD_LIBRARY_PATH). */
    public Path libraryDir() {
        return dir;
    }
}
