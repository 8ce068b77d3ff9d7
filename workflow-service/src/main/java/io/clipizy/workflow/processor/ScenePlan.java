package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scene_plan}: turns the analysis and the person's description into scenes. In {@code sections} mode each
 * distinct section label gets its scene, so a repeated chorus brings its scene back; when there are fewer labels than
 * scenes asked, the longest parts are split on a downbeat (the same split at every repeat), and when there are more,
 * labels share scenes in turn. Without an analysis the duration is split evenly. {@code static} is one scene;
 * {@code highlights} picks, per target platform, the highest-energy window of the platform's length.
 */
public class ScenePlan implements Processor {
    private static final double MIN_SCENE = 2.0;

    @Override
    public String name() {
        return "scene_plan";
    }

    @Override
    public JsonNode run(JsonNode p) {
        String mode = p.path("mode").asText("sections");
        double trimStart = p.path("trimStart").asDouble(0);
        JsonNode analysisJson = p.hasNonNull("analysis") ? p.get("analysis") : null;
        double requested = p.path("duration").asDouble(0);
        Analysis full = Analysis.of(analysisJson, requested);
        double length = requested > 0 ? Math.min(requested, full.duration() - trimStart) : full.duration() - trimStart;
        if (!(length > 0)) {
            throw new ProcessorException("the start (" + trimStart + " s) is past the end of the audio (" + full.duration() + " s)");
        }
        Analysis a = full.window(trimStart, length);
        String description = p.path("description").asText("");
        String style = p.path("style").asText("cinematic");
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        out.put("duration", a.duration()).put("tempo", a.tempo()).put("style", style);
        switch (mode) {
            case "static" -> out.set("scenes", scenes(List.of(new Slot(0, a.duration(), "A", 0.5, 0)), 1, description, style));
            case "sections" -> out.set("scenes", sections(a, Math.max(1, p.path("scenes").asInt(6)), description, style));
            case "highlights" -> {
                out.set("cuts", highlights(a, p.path("targets")));
                out.set("scenes", JsonCodec.mapper().createArrayNode());
            }
            default -> throw new ProcessorException("unknown scene_plan mode '" + mode + "' (static, sections, highlights)");
        }
        return out;
    }

    /** A stretch of time shown with one scene. */
    private record Slot(double start, double end, String label, double energy, int scene) {
    }

    private ArrayNode sections(Analysis a, int wanted, String description, String style) {
        List<Slot> slots = new ArrayList<>();
        for (Analysis.Section s : a.sections()) {
            slots.add(new Slot(s.start(), s.end(), s.label().replace("'", ""), s.energy(), -1));
        }
        // Split the longest label (at every occurrence, at the same relative place) until there are enough labels.
        while (distinct(slots) < wanted) {
            String longest = longestLabel(slots);
            if (longest == null) {
                break;
            }
            slots = split(slots, longest, a);
        }
        Map<String, Integer> sceneOf = new LinkedHashMap<>();
        List<Slot> numbered = new ArrayList<>();
        for (Slot s : slots) {
            Integer scene = sceneOf.get(s.label());
            if (scene == null) {
                scene = sceneOf.size() < wanted ? sceneOf.size() : sceneOf.size() % wanted;
                sceneOf.put(s.label(), scene);
            }
            numbered.add(new Slot(s.start(), s.end(), s.label(), s.energy(), scene));
        }
        return scenes(numbered, Math.min(wanted, sceneOf.size()), description, style);
    }

    private static int distinct(List<Slot> slots) {
        return (int) slots.stream().map(Slot::label).distinct().count();
    }

    /** The label whose shortest occurrence is longest, if it can still be split into two scenes of MIN_SCENE. */
    private static String longestLabel(List<Slot> slots) {
        Map<String, Double> shortest = new LinkedHashMap<>();
        for (Slot s : slots) {
            shortest.merge(s.label(), s.end() - s.start(), Math::min);
        }
        return shortest.entrySet().stream().filter(e -> e.getValue() >= 2 * MIN_SCENE)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static List<Slot> split(List<Slot> slots, String label, Analysis a) {
        List<Slot> out = new ArrayList<>();
        for (Slot s : slots) {
            if (!s.label().equals(label)) {
                out.add(s);
                continue;
            }
            double middle = a.snap((s.start() + s.end()) / 2, (s.end() - s.start()) / 4, true);
            if (middle - s.start() < MIN_SCENE || s.end() - middle < MIN_SCENE) {
                middle = (s.start() + s.end()) / 2;
            }
            out.add(new Slot(s.start(), middle, label + ".1", s.energy(), -1));
            out.add(new Slot(middle, s.end(), label + ".2", s.energy(), -1));
        }
        return out;
    }

    private static ArrayNode scenes(List<Slot> slots, int count, String description, String style) {
        ArrayNode scenes = JsonCodec.mapper().createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode scene = scenes.addObject();
            scene.put("index", i);
            ArrayNode occurrences = scene.putArray("occurrences");
            double energy = 0;
            String label = null;
            for (Slot s : slots) {
                if (s.scene() == i) {
                    occurrences.addObject().put("start", round(s.start())).put("end", round(s.end()));
                    energy = Math.max(energy, s.energy());
                    label = label == null ? s.label() : label;
                }
            }
            scene.put("section", label);
            scene.put("start", occurrences.isEmpty() ? 0 : occurrences.get(0).get("start").asDouble());
            scene.put("end", occurrences.isEmpty() ? 0 : occurrences.get(0).get("end").asDouble());
            scene.put("energy", round(energy));
            scene.put("prompt", prompt(description, style, i, count, energy));
        }
        return scenes;
    }

    /** A deterministic prompt for a scene: the description, the scene's place in the story and the music's energy. */
    static String prompt(String description, String style, int index, int count, double energy) {
        String mood = energy >= 0.75 ? "intense, vivid, dynamic" : energy >= 0.45 ? "flowing, warm" : "calm, spacious, quiet";
        String place = count == 1 ? "" : index == 0 ? "opening shot, " : index == count - 1 ? "closing shot, " : "scene " + (index + 1) + " of " + count + ", ";
        String subject = description == null || description.isBlank() ? "an evocative scene" : description.strip();
        return place + subject + ", " + mood + ", " + style + " style";
    }

    private ArrayNode highlights(Analysis a, JsonNode targets) {
        ArrayNode cuts = JsonCodec.mapper().createArrayNode();
        List<String> platforms = new ArrayList<>();
        if (targets != null && targets.isArray()) {
            targets.forEach(t -> platforms.add(t.asText()));
        }
        if (platforms.isEmpty()) {
            platforms.addAll(List.of("tiktok", "reels", "shorts", "square"));
        }
        for (String platform : platforms) {
            String aspect = platform.equals("square") ? "1:1" : "9:16";
            for (double length : platform.equals("square") ? List.of(30.0) : List.of(15.0, 30.0, 60.0)) {
                if (length > a.duration() + 0.01 && length > 15) {
                    continue;
                }
                double len = Math.min(length, a.duration());
                double start = bestWindow(a, len);
                cuts.addObject().put("platform", platform).put("aspectRatio", aspect).put("seconds", length)
                        .put("start", round(start)).put("end", round(start + len));
            }
        }
        return cuts;
    }

    /** The start (on a downbeat when there are some) of the window of {@code length} with the highest mean energy. */
    private static double bestWindow(Analysis a, double length) {
        List<Double> candidates = new ArrayList<>(a.downbeats().isEmpty() ? a.beats() : a.downbeats());
        candidates.add(0.0);
        double best = 0;
        double bestEnergy = -1;
        for (double start : candidates) {
            if (start + length > a.duration() + 1e-6) {
                continue;
            }
            double energy = 0;
            for (Analysis.Section s : a.sections()) {
                double overlap = Math.min(s.end(), start + length) - Math.max(s.start(), start);
                if (overlap > 0) {
                    energy += overlap * s.energy();
                }
            }
            if (energy > bestEnergy + 1e-9) {
                bestEnergy = energy;
                best = start;
            }
        }
        return best;
    }

    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
