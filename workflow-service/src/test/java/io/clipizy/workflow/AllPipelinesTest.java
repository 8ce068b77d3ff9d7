package io.clipizy.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.workflow.processor.ProcessorsTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped pipeline runs end to end with no LLM configured: the gateway is played over the broker (each task
 * answered by kind, as the local provider would), the person approves each confirm and picks the first candidate.
 */
@QuarkusTest
class AllPipelinesTest {
    private static final String AUDIO = UUID.randomUUID().toString();

    static Stream<Arguments> pipelines() {
        Map<String, Object> music = Map.of("audio", AUDIO, "description", "a desert road at dawn", "style", "vintage", "duration", 30);
        return Stream.of(
                Arguments.of("music-video.looped-static", music, List.of("audio_analysis", "image_generation", "video_composition")),
                Arguments.of("music-video.looped-animated", music,
                        List.of("audio_analysis", "image_generation", "video_generation", "video_composition")),
                Arguments.of("music.generate-track", Map.of("description", "lofi beat for studying", "style", "animated", "seconds", 60),
                        List.of("music_generation", "audio_analysis", "image_generation", "video_composition")),
                Arguments.of("video-clip.standard", Map.of("description", "how coffee is roasted", "style", "realistic", "scenes", 2,
                        "duration", 12, "captions", true), List.of("image_generation", "video_generation", "video_composition")),
                Arguments.of("business-ad.standard", Map.of("brief", "a bakery's new sourdough", "brandName", "Crumb & Co",
                        "brandColors", List.of("#aa5500", "#ffffff"), "formats", List.of("9:16", "1:1")),
                        List.of("image_generation", "video_composition")),
                Arguments.of("social.cutdowns", Map.of("video", UUID.randomUUID().toString(), "description", "Our summer surf trip.",
                        "platforms", List.of("tiktok", "square"), "captionText", "Best waves of the year"),
                        List.of("audio_analysis", "video_composition")),
                Arguments.of("audio.analyze", Map.of("audio", AUDIO), List.of("audio_analysis")),
                Arguments.of("image.generate-or-edit", Map.of("prompt", "a red bicycle"), List.of("image_generation")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelines")
    void runsToTheEnd(String workflowId, Map<String, Object> inputs, List<String> expectedKinds) {
        UUID run = Api.start("pat", workflowId, inputs);
        List<String> kinds = new ArrayList<>();
        try (FakeGateway gateway = new FakeGateway(run)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            JsonPath state = Api.run("pat", run);
            while (!"SUCCEEDED".equals(state.getString("run.status")) && System.nanoTime() < deadline) {
                assertFalse(List.of("FAILED", "CANCELLED").contains(state.getString("run.status")), state.prettify());
                List<Map<String, Object>> nodes = state.getList("nodes");
                for (Map<String, Object> node : nodes) {
                    if ("WAITING_INPUT".equals(node.get("status"))) {
                        String display = String.valueOf(((Map<?, ?>) node.get("awaiting")).get("display"));
                        Api.answer("pat", run, (String) node.get("nodeId"), "choose".equals(display)
                                ? Map.of("action", "choose", "value", 0) : Map.of("action", "approve"));
                    }
                }
                for (GenerationRequested r : gateway.kafka().collect(rec -> rec.value().contains(run.toString())
                                && rec.value().contains("GenerationRequested"), Duration.ofMillis(700)).stream()
                        .map(rec -> JsonCodec.decode(rec.value(), GenerationRequested.class)).toList()) {
                    kinds.add(r.kind().wire());
                    answer(gateway, r);
                }
                state = Api.run("pat", run);
            }
            assertEquals("SUCCEEDED", state.getString("run.status"), state.prettify());
        }
        for (String kind : expectedKinds) {
            assertTrue(kinds.contains(kind), workflowId + " dispatched " + kinds + ", expected a " + kind);
        }
    }

    private static void answer(FakeGateway gateway, GenerationRequested r) {
        switch (r.kind()) {
            case AUDIO_ANALYSIS -> gateway.result(r, ProcessorsTest.song());
            case IMAGE_GENERATION -> gateway.media(r, MediaKind.IMAGE, "image/png");
            case VIDEO_GENERATION, VIDEO_COMPOSITION -> gateway.media(r, MediaKind.VIDEO, "video/mp4");
            case MUSIC_GENERATION -> gateway.media(r, MediaKind.AUDIO, "audio/mpeg");
            default -> throw new AssertionError("no LLM is configured, yet " + r.kind() + " was dispatched");
        }
    }
}
