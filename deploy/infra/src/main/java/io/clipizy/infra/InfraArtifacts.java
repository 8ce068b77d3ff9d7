package io.clipizy.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the build resolved the tool artifacts (S3Proxy, FFmpeg) on this machine, and their versions. */
public final class InfraArtifacts {
    private static final Properties PROPS = load();

    private InfraArtifacts() {
    }

    public static Path s3proxyJar() {
        return existing("s3proxy.jar");
    }

    public static Path ffmpegJar() {
        return existing("ffmpeg.jar");
    }

    public static String version(String tool) {
        return PROPS.getProperty(tool + ".version");
    }

    private static Path existing(String key) {
        Path path = Path.of(PROPS.getProperty(key));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(key + " not found at " + path + "; rebuild deploy/infra (mvn install) to resolve it");
        }
        return path;
    }

    private static Properties load() {
        try (InputStream in = InfraArtifacts.class.getResourceAsStream("/clipizy-infra.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
