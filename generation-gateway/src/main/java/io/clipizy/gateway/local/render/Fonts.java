package io.clipizy.gateway.local.render;

import io.clipizy.gateway.local.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds TrueType/OpenType fonts on the machine for captions: a named font file or family when asked, otherwise a
 * sans-serif (DejaVu Sans, Liberation Sans, Noto Sans, then any font found), so a machine with any font renders text.
 */
public final class Fonts {
    private static final List<Path> FOLDERS = List.of(Path.of("/usr/share/fonts"), Path.of("/usr/local/share/fonts"),
            Path.of(System.getProperty("user.home"), ".fonts"), Path.of(System.getProperty("user.home"),
                    ".local", "share", "fonts"));
    private static final List<String> PREFERRED = List.of("dejavusans.ttf", "dejavusans-bold.ttf",
            "liberationsans-regular.ttf", "notosans-regular.ttf");

    private final List<Path> fonts;

    public Fonts() {
        this.fonts = FOLDERS.stream().filter(Files::isDirectory).flatMap(Fonts::list).sorted().toList();
    }

    private static Stream<Path> list(Path folder) {
        try (Stream<Path> files = Files.walk(folder, 6)) {
            return files.filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".ttf") || name.endsWith(".otf");
            }).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    public boolean any() {
        return !fonts.isEmpty();
    }

    /** The font file for a caption: by file name or family (case-insensitive), else the default sans-serif. */
    public Path find(String requested) {
        if (requested != null) {
            String wanted = requested.toLowerCase(Locale.ROOT).replace(" ", "");
            Optional<Path> match = fonts.stream().filter(f -> {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.equals(wanted) || name.replaceAll("\\.(ttf|otf)$", "").equals(wanted);
            }).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
        }
        for (String name : PREFERRED) {
            Optional<Path> match = fonts.stream()
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).equals(name)).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
        }
        return fonts.stream().findFirst().orElseThrow(() -> new InvalidInputException(
                "The timeline has captions but no font is installed on this machine; install fonts-dejavu-core "
                        + "or remove the text overlays"));
    }
}
