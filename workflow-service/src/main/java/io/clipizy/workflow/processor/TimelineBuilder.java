package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code timeline}: the render timeline (shared-contracts {@code Timeline} as JSON) from scenes, their media and the
 * analysis. Scene changes land on section boundaries and cuts on beats; a repeated section shows its scene again;
 * shots stay between {@value #MIN_SHOT} and {@value #MAX_SHOT} seconds (long ones are split on downbeats, with
 * alternating motion); modes: {@code scenes}, {@code static} (one still that pulses on downbeats, or shifts colour per
 * section), {@code loop} (a short clip repeated, re-cut on downbeats) and {@code cut} (a window of a finished video).
 */
public class TimelineBuilder implements Processor {
    static final double MIN_SHOT = 1.0;
    static final double MAX_SHOT = 8.0;

    @Override
    public String name() {
        return "timeline";
    }

    /** A visual on the track before it is written out. */
    private record Shot(double start, double end, Media media, String motion, double hueShift) {
    }

    /** A media asset and what it is. */
    private record Media(String id, String kind, double seconds) {
    }

    @Override
    public JsonNode run(JsonNode p) {
        String mode = p.path("mode").asText("scenes");
        double trimStart = p.path("trimStart").asDouble(0);
        JsonNode cut = p.path("cut");
        if ("cut".equals(mode)) {
            trimStart = cut.path("start").asDouble(0);
        }
        Analysis full = Analysis.of(p.hasNonNull("analysis") ? p.get("analysis") : null, p.path("duration").asDouble(0));
        double wanted = "cut".equals(mode) ? cut.path("end").asDouble(full.duration()) - trimStart
                : p.path("duration").asDouble(0) > 0 ? p.path("duration").asDouble() : full.duration() - trimStart;
        double length = Math.min(wanted, full.duration() - trimStart);
        if (!(length > 0)) {
            throw new ProcessorException("nothing to render: the start (" + trimStart + " s) is past the end (" + full.duration() + " s)");
        }
        Analysis a = full.window(trimStart, length);
        List<Media> media = media(p.path("media"));
        if (media.isEmpty()) {
            throw new ProcessorException("the timeline has no media to show");
        }
        List<Shot> shots = switch (mode) {
            case "static" -> still(a, media.get(0), p.path("motion").asText("pulse"));
            case "loop" -> loop(a, media.get(0));
            case "cut" -> List.of(new Shot(0, a.duration(), media.get(0), "none", 0));
            case "scenes" -> scenes(a, p.path("scenes"), media);
            default -> throw new ProcessorException("unknown timeline mode '" + mode + "' (scenes, static, loop, cut)");
        };
        return write(p, a, trimStart, shots, "cut".equals(mode) ? trimStart : 0);
    }

    private static List<Media> media(JsonNode list) {
        List<Media> media = new ArrayList<>();
        if (!list.isArray()) {
            return media;
        }
        for (JsonNode item : list) {
            if (item.isTextual()) {
                media.add(new Media(item.asText(), "image", 0));
            } else if (item.path("media").isArray() && !item.path("media").isEmpty()) {
                JsonNode first = item.get("media").get(0);
                media.add(new Media(first.path("mediaId").asText(), first.path("kind").asText("image"),
                        item.path("result").path("seconds").asDouble(0)));
            } else if (item.hasNonNull("mediaId")) {
                media.add(new Media(item.get("mediaId").asText(), item.path("kind").asText("image"), 0));
            }
        }
        return media;
    }

    private static List<Shot> still(Analysis a, Media m, String motion) {
        if ("colour".equals(motion)) {
            List<Shot> shots = new ArrayList<>();
            int i = 0;
            for (Analysis.Section s : a.sections()) {
                shots.add(new Shot(s.start(), s.end(), m, "zoom_in", (i++ * 47) % 360));
            }
            return shots;
        }
        String kind = switch (motion) {
            case "zoom" -> "zoom_in";
            case "pan" -> "pan_right";
            default -> "pulse";
        };
        return List.of(new Shot(0, a.duration(), m, kind, 0));
    }

    private static List<Shot> loop(Analysis a, Media m) {
        double loop = m.seconds() > 0 ? m.seconds() : 4.0;
        List<Shot> shots = new ArrayList<>();
        double t = 0;
        while (t < a.duration() - 1e-6) {
            double end = a.snap(t + loop, loop / 4, true);
            if (end <= t + MIN_SHOT || end > t + loop + 1e-6) {
                end = t + loop;
            }
            end = Math.min(end, a.duration());
            if (a.duration() - end < MIN_SHOT) {
                end = a.duration();
            }
            shots.add(new Shot(t, end, m, "none", 0));
            t = end;
        }
        return shots;
    }

    private static List<Shot> scenes(Analysis a, JsonNode scenes, List<Media> media) {
        List<Shot> shots = new ArrayList<>();
        int count = Math.max(1, scenes.size());
        for (int i = 0; i < scenes.size(); i++) {
            JsonNode scene = scenes.get(i);
            Media m = media.get(i % media.size());
            JsonNode occurrences = scene.path("occurrences");
            if (occurrences.isArray() && !occurrences.isEmpty()) {
                occurrences.forEach(o -> shots.add(new Shot(o.path("start").asDouble(), o.path("end").asDouble(), m, "", 0)));
            } else if (scene.hasNonNull("start") && scene.hasNonNull("end") && scene.get("end").asDouble() > scene.get("start").asDouble()) {
                shots.add(new Shot(scene.get("start").asDouble(), scene.get("end").asDouble(), m, "", 0));
            } else {
                double step = a.duration() / count;
                shots.add(new Shot(i * step, (i + 1) * step, m, "", 0));
            }
        }
        if (shots.isEmpty()) {
            shots.add(new Shot(0, a.duration(), media.get(0), "", 0));
        }
        shots.sort(Comparator.comparingDouble(Shot::start));
        return bound(a, contiguous(a, shots));
    }

    /** Snaps inner boundaries to beats and makes the shots cover [0, duration] without gaps or overlaps. */
    private static List<Shot> contiguous(Analysis a, List<Shot> shots) {
        List<Shot> out = new ArrayList<>();
        for (int i = 0; i < shots.size(); i++) {
            Shot s = shots.get(i);
            double start = i == 0 ? 0 : out.get(out.size() - 1).end();
            double end = i == shots.size() - 1 ? a.duration() : a.snap(shots.get(i + 1).start(), 0.3, false);
            end = Math.max(end, start);
            if (end - start < MIN_SHOT && !out.isEmpty()) {
                Shot previous = out.remove(out.size() - 1);
                out.add(new Shot(previous.start(), end, previous.media(), previous.motion(), 0));
            } else if (end > start) {
                out.add(new Shot(start, end, s.media(), s.motion(), 0));
            }
        }
        return out;
    }

    /** Splits shots longer than MAX_SHOT on downbeats (or evenly), alternating the motion of the parts. */
    private static List<Shot> bound(Analysis a, List<Shot> shots) {
        List<Shot> out = new ArrayList<>();
        int n = 0;
        for (Shot s : shots) {
            double start = s.start();
            while (s.end() - start > MAX_SHOT) {
                double target = start + Math.min(MAX_SHOT, Math.max(MIN_SHOT * 2, (s.end() - start) / Math.ceil((s.end() - start) / MAX_SHOT)));
                double split = a.snap(target, 1.0, true);
                if (split <= start + MIN_SHOT || split >= s.end() - MIN_SHOT || split - start > MAX_SHOT) {
                    split = target;
                }
                out.add(new Shot(start, split, s.media(), n++ % 2 == 0 ? "zoom_in" : "zoom_out", 0));
                start = split;
            }
            out.add(new Shot(start, s.end(), s.media(), n++ % 2 == 0 ? "zoom_in" : "zoom_out", 0));
        }
        return out;
    }

    private static JsonNode write(JsonNode p, Analysis a, double trimStart, List<Shot> shots, double sourceOffset) {
        ObjectNode t = JsonCodec.mapper().createObjectNode();
        t.put("resolution", p.path("resolution").asText("1080p"));
        t.put("aspect", p.path("aspectRatio").asText("16:9"));
        t.put("fps", p.path("fps").asInt(30));
        t.put("duration", ScenePlan.round(a.duration()));
        if (p.hasNonNull("audio")) {
            String audio = p.get("audio").isTextual() ? p.get("audio").asText() : p.get("audio").path("mediaId").asText();
            t.putObject("audio").put("asset", audio).put("trimStart", ScenePlan.round(trimStart))
                    .put("trimEnd", ScenePlan.round(trimStart + a.duration())).put("fadeIn", 0.5)
                    .put("fadeOut", Math.min(1.5, a.duration() / 4)).put("volume", 1.0);
        }
        String transition = switch (p.path("transition").asText("crossfade")) {
            case "cut" -> "cut";
            case "dip-to-black", "dip_to_black" -> "dip_to_black";
            default -> "crossfade";
        };
        ArrayNode clips = t.putArray("clips");
        for (int i = 0; i < shots.size(); i++) {
            Shot s = shots.get(i);
            ObjectNode clip = clips.addObject();
            ObjectNode source = clip.putObject("source").put("kind", "video".equals(s.media().kind()) ? "video" : "image")
                    .put("asset", s.media().id());
            if (sourceOffset > 0) {
                source.put("offset", ScenePlan.round(sourceOffset));
            }
            clip.put("start", ScenePlan.round(s.start())).put("duration", ScenePlan.round(s.end() - s.start())).put("fit", "cover");
            ObjectNode motion = clip.putObject("motion");
            if ("pulse".equals(s.motion())) {
                motion.put("kind", "zoom_in").put("strength", 0.06);
                ArrayNode pulses = motion.putArray("pulseTimes");
                (a.downbeats().isEmpty() ? a.beats() : a.downbeats()).forEach(b -> pulses.add(ScenePlan.round(b)));
            } else {
                motion.put("kind", s.motion().isEmpty() ? "none" : s.motion()).put("strength", "none".equals(s.motion()) ? 0 : 0.12);
            }
            if (s.hueShift() != 0) {
                motion.put("hueShift", s.hueShift());
            }
            boolean sameSource = i > 0 && shots.get(i - 1).media().equals(s.media());
            clip.putObject("transition").put("kind", i == 0 || sameSource ? "cut" : transition).put("duration", 0.5);
        }
        ArrayNode texts = t.putArray("texts");
        JsonNode captions = p.path("captions");
        if (captions.isArray()) {
            for (JsonNode line : captions) {
                double start = line.path("start").asDouble();
                double end = Math.min(line.path("end").asDouble(), a.duration());
                if (end > start && start < a.duration()) {
                    texts.addObject().put("text", line.path("text").asText()).put("start", ScenePlan.round(start))
                            .put("duration", ScenePlan.round(end - start)).put("size", 54).put("position", "bottom")
                            .put("color", "#ffffff").put("outlineColor", "#000000").put("outlineWidth", 3);
                }
            }
        }
        return t;
    }
}
