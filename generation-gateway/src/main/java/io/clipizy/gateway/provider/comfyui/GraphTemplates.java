package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalogue of ComfyUI graph templates, read from {@code comfyui/templates/} on the class path: the files listed
 * in {@code templates.list}, each named {@code <name>.v<N>.json}. Loaded and validated once at start-up, so a template
 * that names an unknown slot stops the service with a message instead of failing a task later.
 */
public final class GraphTemplates {
    static final String FOLDER = "comfyui/templates/";
    private static final Pattern FILE = Pattern.compile("([a-z][a-z0-9-]*)\\.v([1-9][0-9]*)\\.json");

    /** The operations the gateway asks ComfyUI for, by template name. */
    public static final String TEXT_TO_IMAGE = "text-to-image";
    public static final String IMAGE_EDIT = "image-edit";
    public static final String IMAGE_TO_VIDEO = "image-to-video";
    public static final String VIDEO_TO_AUDIO = "video-to-audio";

    private final Map<String, TreeMap<Integer, GraphTemplate>> byName;
    private final Map<String, Integer> pinned;

    private GraphTemplates(Map<String, TreeMap<Integer, GraphTemplate>> byName, Map<String, Integer> pinned) {
        this.byName = byName;
        this.pinned = Map.copyOf(pinned);
    }

    /**
     * Loads every listed template and checks that the four operations exist and that each pinned version does.
     *
     * @param pinned template name → version to use (others: their highest version)
     */
    public static GraphTemplates load(ClassLoader loader, Map<String, Integer> pinned) {
        Map<String, TreeMap<Integer, GraphTemplate>> byName = new TreeMap<>();
        for (String file : list(loader)) {
            Matcher matcher = FILE.matcher(file);
            if (!matcher.matches()) {
                throw new IllegalStateException("ComfyUI template file '" + file + "' in " + FOLDER
                        + "templates.list is not named <name>.v<N>.json");
            }
            GraphTemplate template = GraphTemplate.parse(file, read(loader, file));
            byName.computeIfAbsent(template.name(), n -> new TreeMap<>()).put(template.version(), template);
        }
        for (String needed : List.of(TEXT_TO_IMAGE, IMAGE_EDIT, IMAGE_TO_VIDEO, VIDEO_TO_AUDIO)) {
            if (!byName.containsKey(needed)) {
                throw new IllegalStateException("ComfyUI template '" + needed + "' is missing from " + FOLDER);
            }
        }
        pinned.forEach((name, version) -> {
            if (!byName.containsKey(name) || !byName.get(name).containsKey(version)) {
                throw new IllegalStateException("clipizy.providers.comfyui.template-versions." + name + "=" + version
                        + " names a template that does not exist (have: " + byName.keySet() + ")");
            }
        });
        return new GraphTemplates(byName, pinned);
    }

    /** The template in use for an operation: the pinned version, or the highest. */
    public GraphTemplate get(String name) {
        TreeMap<Integer, GraphTemplate> versions = byName.get(name);
        if (versions == null) {
            throw new IllegalArgumentException("no ComfyUI template named " + name);
        }
        Integer version = pinned.get(name);
        return version == null ? versions.lastEntry().getValue() : versions.get(version);
    }

    /** Every loaded template, each version. */
    public List<GraphTemplate> all() {
        List<GraphTemplate> all = new ArrayList<>();
        byName.values().forEach(versions -> all.addAll(versions.values()));
        return Collections.unmodifiableList(all);
    }

    private static List<String> list(ClassLoader loader) {
        List<String> files = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(FOLDER + "templates.list")) {
            if (in == null) {
                throw new IllegalStateException("ComfyUI templates: " + FOLDER + "templates.list is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    files.add(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("ComfyUI templates: cannot read " + FOLDER + "templates.list", e);
        }
        return files;
    }

    private static JsonNode read(ClassLoader loader, String file) {
        try (InputStream in = loader.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("ComfyUI template " + file + " is listed but not found in " + FOLDER);
            }
            return JsonCodec.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("ComfyUI template " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
