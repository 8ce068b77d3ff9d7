package io.clipizy.gateway.jobs;

import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/** A private temporary folder per request for downloaded videos, frames and GIFs, removed when the work ends. */
final class WorkDirs {
    private WorkDirs() {
    }

    /** Runs {@code work} with a fresh folder and deletes the folder when its {@code Uni} ends, however it ends. */
    static <T> Uni<T> with(Function<Path, Uni<T>> work) {
        return Uni.createFrom().item(WorkDirs::create)
                .chain(dir -> Uni.createFrom().deferred(() -> work.apply(dir))
                        .onTermination().invoke(() -> delete(dir)));
    }

    private static Path create() {
        try {
            Path root = Path.of(System.getProperty("java.io.tmpdir"), "clipizy-jobs");
            Files.createDirectories(root);
            return Files.createTempDirectory(root, "req-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work folder", e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the folder is under the temp directory; what is left there is cleared with it
        }
    }
}
