package io.clipizy.gateway.provider.comfyui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The graph templates: what loading refuses, how slots are filled, and how task parameters choose and fill them. */
class GraphTemplatesTest {
    private static final GraphTemplates SHIPPED = GraphTemplates.load(GraphTemplatesTest.class.getClassLoader(), Map.of());

    private static JsonNode json(String text) {
        try {
            return JsonCodec.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String template(String slots, String graph) {
        return "{\"name\":\"t\",\"version\":1,\"slots\":{" + slots + "},\"graph\":{" + graph + "}}";
    }

    private static IllegalStateException refused(String text) {
        return assertThrows(IllegalStateException.class, () -> GraphTemplate.parse("t.v1.json", json(text)));
    }

    @Test
    void theShippedTemplatesLoad() {
        List<String> ids = SHIPPED.all().stream().map(GraphTemplate::id).toList();
        assertEquals(List.of("image-edit.v1", "image-to-video.v1", "text-to-image.v1", "video-to-audio.v1"), ids);
    }

    @Test
    void aPlaceholderNamingAnUnknownSlotFailsLoadingWithAClearMessage() {
        IllegalStateException e = refused(template("\"prompt\":{\"type\":\"string\"}",
                "\"6\":{\"class_type\":\"CLIPTextEncode\",\"inputs\":{\"text\":\"{{promt}}\",\"extra\":\"{{prompt}}\"}}"));
        assertEquals("ComfyUI template t.v1.json: node 6 input 'text' names the unknown slot 'promt' (declared: prompt)",
                e.getMessage());
    }

    @Test
    void malformedTemplatesAreRefused() {
        assertTrue(refused(template("\"prompt\":{}", "\"6\":{\"class_type\":\"X\",\"inputs\":{\"text\":\"a {{prompt}}\"}}"))
                .getMessage().contains("must be the whole value"));
        assertTrue(refused(template("\"prompt\":{},\"unused\":{}", "\"6\":{\"class_type\":\"X\",\"inputs\":{\"text\":\"{{prompt}}\"}}"))
                .getMessage().contains("declares slot 'unused' but no node uses it"));
        assertTrue(refused(template("", "\"6\":{\"class_type\":\"X\",\"inputs\":{\"model\":[\"4\",0]}}"))
                .getMessage().contains("links to node 4, which is not in the graph"));
        assertTrue(refused(template("\"n\":{\"type\":\"integer\",\"default\":\"ten\"}",
                "\"6\":{\"class_type\":\"X\",\"inputs\":{\"n\":\"{{n}}\"}}")).getMessage().contains("must be a whole number"));
        assertTrue(refused(template("\"n\":{\"type\":\"colour\"}", "\"6\":{\"class_type\":\"X\",\"inputs\":{\"n\":\"{{n}}\"}}"))
                .getMessage().contains("unknown slot type 'colour'"));
        IllegalStateException misnamed = assertThrows(IllegalStateException.class,
                () -> GraphTemplate.parse("other.v2.json", json(template("", "\"1\":{\"class_type\":\"X\",\"inputs\":{}}"))));
        assertTrue(misnamed.getMessage().contains("declares t.v1 but its file is other.v2.json"));
    }

    @Test
    void renderingKeepsTypesAppliesDefaultsAndChecksBounds() {
        GraphTemplate t = SHIPPED.get(GraphTemplates.TEXT_TO_IMAGE);
        Map<String, JsonNode> values = Map.of("prompt", TextNode.valueOf("a fox"), "seed", IntNode.valueOf(7),
                "filename_prefix", TextNode.valueOf("clipizy/x"));
        ObjectNode graph = t.render(values, Map.of("checkpoint", "juggernaut.safetensors"));
        assertEquals(7, graph.path("3").path("inputs").path("seed").asInt());
        assertTrue(graph.path("3").path("inputs").path("seed").isIntegralNumber());
        assertEquals(1024, graph.path("5").path("inputs").path("width").asInt());
        assertEquals("juggernaut.safetensors", graph.path("4").path("inputs").path("ckpt_name").asText());

        SlotSpec.SlotValueException tooWide = assertThrows(SlotSpec.SlotValueException.class, () -> t.render(
                Map.of("prompt", TextNode.valueOf("a"), "seed", IntNode.valueOf(1), "filename_prefix", TextNode.valueOf("p"),
                        "width", IntNode.valueOf(9000)), Map.of()));
        assertEquals("width must be between 256 and 2048 (got 9000)", tooWide.getMessage());
        assertThrows(SlotSpec.SlotValueException.class, () -> t.render(Map.of("seed", IntNode.valueOf(1),
                "filename_prefix", TextNode.valueOf("p")), Map.of()));
    }

    @Test
    void theTaskKindAndParametersChooseTheTemplate() {
        GraphPlanner planner = new GraphPlanner(SHIPPED);
        UUID task = UUID.randomUUID();
        assertEquals("text-to-image", planner.plan(TaskKind.IMAGE_GENERATION, json("{\"prompt\":\"p\"}"), task)
                .template().name());
        GraphPlan edit = planner.plan(TaskKind.IMAGE_GENERATION,
                json("{\"prompt\":\"p\",\"reference\":\"" + UUID.randomUUID() + "\"}"), task);
        assertEquals("image-edit", edit.template().name());
        assertEquals(List.of("reference_1"), List.copyOf(edit.media().keySet()));
        GraphPlan soundtrack = planner.plan(TaskKind.MUSIC_GENERATION, json("{\"video\":\"" + UUID.randomUUID() + "\"}"), task);
        assertEquals(MediaKind.AUDIO, soundtrack.outputKind());
        assertEquals(planner.plan(TaskKind.IMAGE_GENERATION, json("{\"prompt\":\"p\"}"), task).values().get("seed"),
                planner.plan(TaskKind.IMAGE_GENERATION, json("{\"prompt\":\"p\"}"), task).values().get("seed"),
                "the seed is derived from the task id, so a retry draws the same picture");

        String four = "[\"" + UUID.randomUUID() + "\",\"" + UUID.randomUUID() + "\",\"" + UUID.randomUUID() + "\",\""
                + UUID.randomUUID() + "\"]";
        assertInvalid(() -> planner.plan(TaskKind.IMAGE_GENERATION, json("{\"prompt\":\"p\",\"images\":" + four + "}"), task));
        assertInvalid(() -> planner.plan(TaskKind.IMAGE_GENERATION, json("{\"style\":\"vintage\"}"), task));
        assertInvalid(() -> planner.plan(TaskKind.IMAGE_GENERATION, json("{\"prompt\":\"p\",\"aspectRatio\":\"wide\"}"), task));
        assertInvalid(() -> planner.plan(TaskKind.MUSIC_GENERATION, json("{\"prompt\":\"lofi beats\"}"), task));
        assertInvalid(() -> planner.plan(TaskKind.TEXT_GENERATION, json("{\"prompt\":\"p\"}"), task));
        assertFalse(GraphPlanner.serves(TaskKind.AUDIO_ANALYSIS));
    }

    private static void assertInvalid(Runnable planning) {
        ProviderException e = assertThrows(ProviderException.class, planning::run);
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
    }
}
