package io.clipizy.gateway.local.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds the local file of an asset reference of a timeline (a media id the worker downloaded, or a file name). */
@FunctionalInterface
public interface AssetResolver {
    Optional<Path> resolve(String asset);

    /** Assets named by a map; only files that exist count. */
    static AssetResolver of(Map<String, Path> files) {
        return asset -> Optional.ofNullable(files.get(asset)).filter(Files::isRegularFile);
    }

    /** Assets as file names inside one folder (never outside it). */
    static AssetResolver folder(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        return asset -> {
            Path file = root.resolve(asset).normalize();
            return file.startsWith(root) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        };
    }
}
