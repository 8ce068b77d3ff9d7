package io.clipizy.chat.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Agent mode's checks of the LLM's reading, against the real music-clip workflow definitions. */
class IntentAnswerTest {
    private static final Path PIPELINES = Path.of("../workflow-service/src/main/resources/workflows/pipelines");
    private static final UUID SONG = UUID.fromString("11111111-2222-3333-4444-555555555555");

    private static LlmRequest request(List<UUID> attachments) throws Exception {
        ArrayNode workflows = JsonCodec.mapper().createArrayNode();
        for (String id : List.of("music-video.looped-animated", "music-video.looped-static", "music-video.recurring-scenes",
                "music.generate-track")) {
            workflows.add(JsonCodec.decode(Files.readString(PIPELINES.resolve(id + ".workflow.json")), JsonNode.class));
        }
        return new LlmRequest(UUID.randomUUID(), 1, Instant.now(), UUID.randomUUID(), "music-clip", UUID.randomUUID(), "text",
                attachments, null, workflows, IntentPrompt.system("music-clip", workflows),
                IntentPrompt.messages("text", attachments, null, null), IntentPrompt.schema(workflows, attachments));
    }

    private static ObjectNode result(String text) {
        return JsonCodec.mapper().createObjectNode().put("text", text);
    }

    @Test
    void theJsonIsFoundPastThinkBlocksFencesAndProse() throws Exception {
        String answer = "<think>The person wants a still {\"workflowId\": \"wrong\"}</think>Here you go:\n```json\n"
                + "{\"workflowId\": \"music-video.looped-static\", \"inputs\": {\"style\": \"vintage\", \"audio\": \"" + SONG + "\"}}\n```";
        IntentAnswer.Checked checked = IntentAnswer.check(result(answer), request(List.of(SONG)));
        assertTrue(checked.valid(), checked.problems().toString());
        assertEquals("music-video.looped-static", checked.workflowId());
        assertEquals("vintage", checked.inputs().path("style").asText());
        assertEquals(List.of(SONG), IntentAnswer.placedMedia(checked.inputs(), request(List.of(SONG)).workflow(checked.workflowId()).path("inputs")));
    }

    @Test
    void theGatewaysParsedJsonIsPreferredToTheText() throws Exception {
        ObjectNode result = result("not json at all");
        result.set("json", JsonCodec.decode("{\"workflowId\": \"music.generate-track\", \"inputs\": {\"mood\": \"chill\"}}", JsonNode.class));
        IntentAnswer.Checked checked = IntentAnswer.check(result, request(List.of()));
        assertTrue(checked.valid(), checked.problems().toString());
        assertEquals("chill", checked.inputs().path("mood").asText());
    }

    @Test
    void schemaProblemsAreSentencesForTheReask() throws Exception {
        IntentAnswer.Checked none = IntentAnswer.check(result("I'd make a cinematic video."), request(List.of()));
        assertFalse(none.valid());
        assertTrue(none.problems().get(0).contains("no JSON object"), none.problems().toString());

        IntentAnswer.Checked wrong = IntentAnswer.check(result("{\"workflow\": \"x\", \"inputs\": {\"style\": \"neon\"}}"), request(List.of()));
        assertFalse(wrong.valid());
        String problems = String.join("; ", wrong.problems());
        assertTrue(problems.contains("workflowId"), problems);
        assertTrue(problems.contains("style"), problems);
    }

    @Test
    void inputsMustFitTheChosenWorkflowAndMediaMustBeAttached() throws Exception {
        UUID invented = UUID.randomUUID();
        IntentAnswer.Checked hallucinated = IntentAnswer.check(result("{\"workflowId\": \"music-video.looped-static\", \"inputs\": "
                + "{\"audio\": \"" + invented + "\"}}"), request(List.of(SONG)));
        assertFalse(hallucinated.valid(), "a media id that was not attached is refused");

        IntentAnswer.Checked foreign = IntentAnswer.check(result("{\"workflowId\": \"music-video.looped-static\", \"inputs\": "
                + "{\"scenes\": 8, \"animationStyle\": \"parallax\"}}"), request(List.of()));
        assertFalse(foreign.valid());
        String problems = String.join("; ", foreign.problems());
        assertTrue(problems.contains("has no input 'scenes'"), problems);
        assertTrue(problems.contains("animationStyle") && problems.contains("music-video.looped-static"), problems);
    }

    @Test
    void onlyTheFittingInputsCarryOverToAnotherWorkflow() throws Exception {
        LlmRequest request = request(List.of(SONG));
        IntentAnswer.Checked checked = IntentAnswer.check(result("{\"workflowId\": \"music-video.recurring-scenes\", \"inputs\": "
                + "{\"style\": \"abstract\", \"scenes\": 8, \"videoTransition\": \"cut\"}}"), request);
        assertTrue(checked.valid(), checked.problems().toString());
        ObjectNode fit = IntentAnswer.fitting(checked, request.workflow("music-video.looped-static").path("inputs"), List.of(SONG)).inputs();
        assertEquals("abstract", fit.path("style").asText());
        assertNull(fit.get("scenes"));
        assertNull(fit.get("videoTransition"));
    }

    @Test
    void theSchemaOffersOnlyTheAttachmentsForMedia() throws Exception {
        JsonNode none = request(List.of()).outputSchema().path("properties").path("inputs").path("properties");
        assertFalse(none.has("audio"), "nothing attached: the LLM cannot fill a media input");
        JsonNode some = request(List.of(SONG)).outputSchema().path("properties").path("inputs").path("properties");
        assertEquals(SONG.toString(), some.path("audio").path("enum").get(0).asText());
        assertEquals(24, some.path("scenes").path("maximum").asInt());
    }
}
