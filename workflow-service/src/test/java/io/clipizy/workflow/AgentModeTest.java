package io.clipizy.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.workflow.processor.ProcessorsTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Agent mode with an LLM configured: generate, parse, validate, re-ask with the problems; feedback re-enters the loop. */
@QuarkusTest
@TestProfile(AgentModeTest.WithLlm.class)
class AgentModeTest {

    /** An LLM is configured, so workflows take their text_generation steps. */
    public static class WithLlm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("clipizy.providers.capabilities", "text");
        }
    }

    private static JsonNode text(String answer) {
        return JsonCodec.tree(Map.of("text", answer));
    }

    @Test
    void proseThenInvalidJsonThenValidJsonAndFeedbackReEntersTheLoop() {
        UUID run = Api.start("lea", "music-video.recurring-scenes", PipelineTest.musicInputs(2));
        try (FakeGateway gateway = new FakeGateway(run)) {
            gateway.result(gateway.requests(1).get(0), ProcessorsTest.song());

            GenerationRequested first = gateway.requests(1).get(0);
            assertEquals(TaskKind.TEXT_GENERATION, first.kind());
            assertEquals("scene-prompts", first.params().path("template").asText());
            assertTrue(first.params().path("outputSchema").has("properties"), "the schema is sent to the model");
            gateway.result(first, text("Sure! I'd love to help. Picture a neon city..."));

            GenerationRequested second = gateway.requests(1).get(0);
            assertEquals(2, second.attempt());
            JsonNode conversation = second.params().path("conversation");
            assertEquals(2, conversation.size(), "the answer and the problems are in the conversation");
            assertTrue(conversation.get(1).path("content").asText().contains("no JSON object"), conversation.toString());
            gateway.result(second, text("```json\n{\"scenes\": [{\"prompt\": \"x\"}]}\n```"));

            GenerationRequested third = gateway.requests(1).get(0);
            String problems = third.params().path("conversation").get(3).path("content").asText();
            assertTrue(problems.contains("start") && problems.contains("end"), problems);
            gateway.result(third, text("<think>two scenes, on the sections</think> Here you go: {\"scenes\": ["
                    + "{\"prompt\": \"neon alley in the rain\", \"start\": 0, \"end\": 32},"
                    + "{\"prompt\": \"rooftop at sunrise\", \"start\": 32, \"end\": 64}]}"));

            JsonPath waiting = Api.awaitStatus("lea", run, "WAITING_INPUT");
            assertEquals("neon alley in the rain", waiting.getString("nodes.find { it.nodeId == 'approve' }.awaiting.show.scenes[0].prompt"));

            Api.answer("lea", run, "approve", Map.of("action", "regenerate", "feedback", "darker, fewer people"));
            GenerationRequested again = gateway.requests(1).get(0);
            JsonNode history = again.params().path("conversation");
            assertTrue(history.get(history.size() - 1).path("content").asText().contains("darker, fewer people"), history.toString());
            assertEquals("darker, fewer people", again.params().path("feedback").asText());
            gateway.result(again, text("{\"scenes\": [{\"prompt\": \"dark alley, empty\", \"start\": 0, \"end\": 64}]}"));
            JsonPath revised = Api.awaitStatus("lea", run, "WAITING_INPUT");
            assertEquals("dark alley, empty", revised.getString("nodes.find { it.nodeId == 'approve' }.awaiting.show.scenes[0].prompt"));
        }
    }
}
