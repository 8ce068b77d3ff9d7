package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.Locale;

/** {@code analysis_report}: a track's analysis as a readable report with the series a chart needs. */
public class AnalysisReport implements Processor {
    @Override
    public String name() {
        return "analysis_report";
    }

    @Override
    public JsonNode run(JsonNode p) {
        JsonNode json = p.path("analysis");
        Analysis a = Analysis.of(json, 0);
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        String key = json.path("key").hasNonNull("tonic")
                ? json.path("key").path("tonic").asText() + " " + json.path("key").path("mode").asText("") : "unknown";
        double lufs = json.path("loudnessLufs").asDouble(Double.NaN);
        out.put("tempo", ScenePlan.round(a.tempo()));
        out.put("key", key.strip());
        if (!Double.isNaN(lufs)) {
            out.put("loudness", lufs);
        }
        ArrayNode sections = out.putArray("sections");
        for (Analysis.Section s : a.sections()) {
            sections.addObject().put("label", s.label()).put("start", ScenePlan.round(s.start())).put("end", ScenePlan.round(s.end()))
                    .put("energy", ScenePlan.round(s.energy()));
        }
        out.set("energy", json.path("energyCurve").isMissingNode() ? JsonCodec.mapper().createObjectNode() : json.get("energyCurve"));
        long distinct = a.sections().stream().map(s -> s.label().replace("'", "")).distinct().count();
        out.put("summary", String.format(Locale.ROOT,
                "%d:%02d long, %.0f BPM%s, key %s%s; %d sections (%d distinct), %d beats, %d bars.",
                (int) a.duration() / 60, (int) a.duration() % 60, a.tempo(),
                json.hasNonNull("timeSignature") ? " in " + json.get("timeSignature").asInt() + "/4" : "", key.strip(),
                Double.isNaN(lufs) ? "" : String.format(Locale.ROOT, ", %.1f LUFS", lufs),
                a.sections().size(), distinct, a.beats().size(), a.downbeats().size()));
        return out;
    }
}
