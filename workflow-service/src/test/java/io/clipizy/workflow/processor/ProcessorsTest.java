package io.clipizy.workflow.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.workflow.definition.NodeFamily;
import io.clipizy.workflow.definition.NodeType;
import io.clipizy.workflow.definition.WorkflowCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class ProcessorsTest {
    private final Processors processors = new Processors();

    /** A 64 s song at 120 BPM (beats every 0.5 s, bars of 4): sections A(0-16) B(16-32) A(32-48) C(48-64). */
    public static ObjectNode song() {
        ObjectNode a = JsonCodec.mapper().createObjectNode();
        a.put("duration", 64.0).put("tempo", 120.0).put("timeSignature", 4).put("loudnessLufs", -12.5);
        ArrayNode beats = a.putArray("beatTimesSec");
        ArrayNode downbeats = a.putArray("downbeatsSec");
        for (int i = 0; i < 128; i++) {
            beats.add(i * 0.5);
            if (i % 4 == 0) {
                downbeats.add(i * 0.5);
            }
        }
        ArrayNode sections = a.putArray("sections");
        double[][] spans = {{0, 16}, {16, 32}, {32, 48}, {48, 64}};
        String[] labels = {"A", "B", "A", "C"};
        double[] energy = {0.4, 0.9, 0.45, 0.3};
        for (int i = 0; i < 4; i++) {
            sections.addObject().put("startTime", spans[i][0]).put("endTime", spans[i][1]).put("label", labels[i]).put("energy", energy[i]);
        }
        a.putObject("key").put("tonic", "A").put("mode", "minor").put("confidence", 0.8);
        return a;
    }

    private JsonNode run(String name, Object params) {
        return processors.get(name).run(JsonCodec.tree(params));
    }

    @Test
    void everyProcessorAndUtilOfTheCatalogueIsImplemented() {
        Map<String, NodeType> types = WorkflowCatalogue.readNodeTypes("catalogue/processors.json", "catalogue/utils.json");
        for (NodeType type : types.values()) {
            assertTrue(type.family() == NodeFamily.PROCESSOR || type.family() == NodeFamily.UTIL);
            assertTrue(processors.has(type.name()), "no implementation for " + type.name());
        }
    }

    @Test
    void aRepeatedSectionBringsItsSceneBack() {
        JsonNode plan = run("scene_plan", Map.of("analysis", song(), "description", "a city at night", "scenes", 3, "mode", "sections"));
        JsonNode scenes = plan.get("scenes");
        assertEquals(3, scenes.size());
        JsonNode first = scenes.get(0);
        assertEquals(2, first.get("occurrences").size(), "section A occurs twice and shows scene 0 both times");
        assertEquals(0.0, first.get("occurrences").get(0).get("start").asDouble());
        assertEquals(32.0, first.get("occurrences").get(1).get("start").asDouble());
        assertTrue(first.get("prompt").asText().contains("a city at night"));
    }

    @Test
    void moreScenesThanSectionsSplitsOnDownbeatsConsistently() {
        JsonNode scenes = run("scene_plan", Map.of("analysis", song(), "description", "waves", "scenes", 6)).get("scenes");
        assertEquals(6, scenes.size());
        for (JsonNode scene : scenes) {
            for (JsonNode o : scene.get("occurrences")) {
                assertEquals(0.0, o.get("start").asDouble() % 2.0, 1e-9, "scene boundaries fall on downbeats");
                assertTrue(o.get("end").asDouble() - o.get("start").asDouble() >= 2.0);
            }
        }
    }

    @Test
    void theTimelineCutsOnBeatsCoversTheSongAndKeepsShotsInBounds() {
        JsonNode plan = run("scene_plan", Map.of("analysis", song(), "description", "forest", "scenes", 3));
        List<String> media = List.of("m0", "m1", "m2");
        JsonNode t = run("timeline", Map.of("analysis", song(), "scenes", plan.get("scenes"), "media", media, "audio", "song",
                "aspectRatio", "9:16", "resolution", "720p", "transition", "dip-to-black"));
        assertEquals("9:16", t.get("aspect").asText());
        assertEquals(64.0, t.get("duration").asDouble());
        double expected = 0;
        List<String> sources = new ArrayList<>();
        for (JsonNode clip : t.get("clips")) {
            assertEquals(expected, clip.get("start").asDouble(), 1e-6, "clips are contiguous");
            assertEquals(0.0, clip.get("start").asDouble() % 0.5, 1e-9, "every cut lands on a beat");
            double d = clip.get("duration").asDouble();
            assertTrue(d >= TimelineBuilder.MIN_SHOT && d <= TimelineBuilder.MAX_SHOT + 1e-9, "shot length " + d);
            expected += d;
            sources.add(clip.get("source").get("asset").asText());
        }
        assertEquals(64.0, expected, 1e-6);
        assertEquals("m0", sources.get(0));
        int secondA = (int) Math.round(t.get("clips").findValues("start").indexOf(JsonCodec.tree(32.0)));
        assertTrue(secondA > 0, "a clip starts where A repeats");
        assertEquals("m0", t.get("clips").get(secondA).get("source").get("asset").asText(), "the chorus brings its scene back");
        assertEquals("song", t.get("audio").get("asset").asText());
        assertEquals("dip_to_black", t.get("clips").get(secondA).get("transition").get("kind").asText());
    }

    @Test
    void aStillPulsesOnDownbeatsAndTrimWindowsTheSong() {
        JsonNode t = run("timeline", Map.of("analysis", song(), "scenes", List.of(), "media", List.of("still"), "audio", "song",
                "mode", "static", "motion", "pulse", "trimStart", 10, "duration", 20));
        assertEquals(20.0, t.get("duration").asDouble());
        assertEquals(1, t.get("clips").size());
        JsonNode pulses = t.get("clips").get(0).get("motion").get("pulseTimes");
        assertEquals(0.0, pulses.get(0).asDouble(), "the downbeat at 10 s is 0 s into the video");
        assertEquals(10.0, t.get("audio").get("trimStart").asDouble());
        assertEquals(30.0, t.get("audio").get("trimEnd").asDouble());
    }

    @Test
    void highlightsPickTheLoudestWindow() {
        JsonNode cuts = run("scene_plan", Map.of("analysis", song(), "description", "x", "mode", "highlights",
                "targets", List.of("tiktok"))).get("cuts");
        JsonNode fifteen = cuts.get(0);
        assertEquals(15.0, fifteen.get("seconds").asDouble());
        assertTrue(fifteen.get("start").asDouble() >= 16 && fifteen.get("end").asDouble() <= 32, "inside the high-energy section B");
        assertEquals("9:16", fifteen.get("aspectRatio").asText());
    }

    @Test
    void captionsShareTheDurationAndBreakAtWords() {
        JsonNode lines = run("caption_lines", Map.of("text", "Summer is here. Grab your board and ride the biggest waves of the year!",
                "duration", 10, "maxChars", 30)).get("lines");
        assertEquals("Summer is here.", lines.get(0).get("text").asText());
        assertEquals(10.0, lines.get(lines.size() - 1).get("end").asDouble(), 1e-6);
        lines.forEach(l -> assertTrue(l.get("text").asText().length() <= 30));
        assertThrows(ProcessorException.class, () -> run("caption_lines", Map.of("text", "x", "duration", 0)));
    }

    @Test
    void reportTemplatesCopyAndUtils() {
        assertTrue(run("analysis_report", Map.of("analysis", song())).get("summary").asText().startsWith("1:04 long, 120 BPM in 4/4, key A minor"));
        assertTrue(run("prompt_template", Map.of("template", "still-frame", "style", "vintage", "vars", Map.of("description", "a diner")))
                .get("prompt").asText().startsWith("a diner, a single striking frame"));
        assertEquals("#surfing", run("social_copy", Map.of("description", "Surfing at dawn.", "platforms", List.of("tiktok")))
                .get("platforms").get("tiktok").get("hashtags").get(0).asText());
        assertEquals(3, run("range", Map.of("count", 3)).get("value").size());
        assertEquals(2, run("pick", Map.of("value", Map.of("a", List.of(1, 2)), "path", "a[1]")).get("value").asInt());
        assertEquals(5.0, run("clamp", Map.of("value", 9, "max", 5)).get("value").asDouble());
        assertEquals("hi Ann", run("format", Map.of("template", "hi {name}", "vars", Map.of("name", "Ann"))).get("value").asText());
    }
}
