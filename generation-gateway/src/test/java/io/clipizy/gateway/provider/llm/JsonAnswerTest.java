package io.clipizy.gateway.provider.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.provider.ProviderException;
import org.junit.jupiter.api.Test;

/** Reading models' answers: thinking removed, the JSON found wherever the model put it, validated by the schema. */
class JsonAnswerTest {
    static final JsonNode SCHEMA = JsonCodec.decode(OllamaProviderTest.SCENE_SCHEMA, JsonNode.class);

    @Test
    void thinkingIsRemovedWhetherClosedUnclosedOrOnlyClosed() {
        assertEquals("answer", JsonAnswer.withoutThinking("<think>a\nb</think>\nanswer"));
        assertEquals("answer", JsonAnswer.withoutThinking("reasoning without the opening tag</think>answer"));
        assertEquals("", JsonAnswer.withoutThinking("<THINK>still thinking when the answer was cut"));
    }

    @Test
    void theJsonIsFoundInProseAndFencesAndBracesInStringsDoNotConfuseIt() {
        JsonAnswer.Extracted e = JsonAnswer.read("Sure! {oops} Here: {\"scenes\":[{\"start\":0,\"end\":3,"
                + "\"prompt\":\"a sign that reads \\\"}{\\\" in neon\"}]} Hope it helps.", true, SCHEMA);
        assertTrue(e.problems().isEmpty(), e.problems().toString());
        assertEquals("a sign that reads \"}{\" in neon", e.json().at("/scenes/0/prompt").asText());

        JsonAnswer.Extracted fenced = JsonAnswer.read("```\n{\"a\": 1}\n```", true, null);
        assertEquals(1, fenced.json().get("a").asInt());
    }

    @Test
    void aSchemaViolationIsReportedAndNoJsonIsGiven() {
        JsonAnswer.Extracted e = JsonAnswer.read("{\"scenes\":[]}", true, SCHEMA);
        assertNull(e.json());
        assertTrue(e.problems().get(0).contains("scenes"), e.problems().toString());
    }

    @Test
    void aSchemaThatReachesOutOrIsNotASchemaIsInvalidInput() {
        try (FakeApi server = new FakeApi((exchange, request) -> FakeApi.json(exchange, 200, "{\"type\":\"object\"}"))) {
            JsonNode remote = JsonCodec.decode("{\"$ref\":\"" + server.url() + "/schema.json\"}", JsonNode.class);
            ProviderException e = assertThrows(ProviderException.class, () -> JsonAnswer.read("{\"a\":1}", true, remote));
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
            assertTrue(server.seen().isEmpty(), "the schema's URL was never fetched");
        }
        assertEquals(ErrorCode.INVALID_INPUT, assertThrows(ProviderException.class,
                () -> JsonAnswer.compile(JsonCodec.decode("[1]", JsonNode.class))).code());
    }
}
