package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an audio analysis (shared-contracts AudioAnalysis as JSON) that planning needs, read leniently: a
 * track without sections is one section, a track without beats has none. Times are seconds from the audio's start.
 */
record Analysis(double duration, double tempo, List<Double> beats, List<Double> downbeats, List<Section> sections) {

    /** A section with its repetition label and relative energy (0..1). */
    record Section(double start, double end, String label, double energy) {
        double length() {
            return end - start;
        }
    }

    static Analysis of(JsonNode json, double fallbackDuration) {
        double duration = json != null && json.hasNonNull("duration") ? json.get("duration").asDouble() : fallbackDuration;
        if (!(duration > 0)) {
            throw new ProcessorException("the analysis has no duration and none was given");
        }
        List<Double> beats = times(json, "beatTimesSec");
        List<Double> downbeats = times(json, "downbeatsSec");
        List<Section> sections = new ArrayList<>();
        if (json != null && json.path("sections").isArray()) {
            for (JsonNode s : json.get("sections")) {
                double start = s.path("startTime").asDouble(0);
                double end = s.path("endTime").asDouble(duration);
                if (end > start) {
                    sections.add(new Section(start, end, s.path("label").asText("A"), s.path("energy").asDouble(0.5)));
                }
            }
        }
        if (sections.isEmpty()) {
            sections.add(new Section(0, duration, "A", 0.5));
        }
        double tempo = json == null ? 0 : json.path("tempo").asDouble(0);
        return new Analysis(duration, tempo, beats, downbeats, sections);
    }

    private static List<Double> times(JsonNode json, String field) {
        List<Double> list = new ArrayList<>();
        if (json != null && json.path(field).isArray()) {
            json.get(field).forEach(t -> list.add(t.asDouble()));
        }
        return list;
    }

    /** The part of the analysis inside [from, from + length), shifted so that {@code from} is 0. */
    Analysis window(double from, double length) {
        double to = Math.min(duration, from + length);
        List<Section> within = new ArrayList<>();
        for (Section s : sections) {
            double start = Math.max(s.start(), from);
            double end = Math.min(s.end(), to);
            if (end - start > 0.05) {
                within.add(new Section(start - from, end - from, s.label(), s.energy()));
            }
        }
        if (within.isEmpty()) {
            within.add(new Section(0, to - from, "A", 0.5));
        }
        return new Analysis(to - from, tempo, shift(beats, from, to), shift(downbeats, from, to), within);
    }

    private static List<Double> shift(List<Double> times, double from, double to) {
        List<Double> out = new ArrayList<>();
        for (double t : times) {
            if (t >= from && t < to) {
                out.add(t - from);
            }
        }
        return out;
    }

    /** The beat (or downbeat when {@code strong}) nearest to {@code t} within {@code tolerance}; {@code t} otherwise. */
    double snap(double t, double tolerance, boolean strong) {
        List<Double> grid = strong && !downbeats.isEmpty() ? downbeats : beats;
        double best = t;
        double bestDistance = tolerance;
        for (double g : grid) {
            double d = Math.abs(g - t);
            if (d < bestDistance) {
                best = g;
                bestDistance = d;
            }
        }
        return best;
    }
}
