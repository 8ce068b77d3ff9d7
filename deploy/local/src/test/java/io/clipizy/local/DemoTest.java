package io.clipizy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The demo answers the assistant's actions as a person would. */
class DemoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Demo.Song SONG = new Demo.Song(UUID.randomUUID(), 41.6, "test");

    private static JsonNode actions(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void picksThePreferredOptionOfASelect() throws Exception {
        JsonNode reply = Demo.answer(actions("[{\"type\":\"select\",\"field\":\"style\",\"options\":[\"animated\",\"cinematic\"]}]"), SONG);
        assertEquals("cinematic", reply.path("action").path("value").asText());
        assertEquals("style", reply.path("action").path("field").asText());
    }

    @Test
    void answersADurationWithTheSongsLength() throws Exception {
        JsonNode reply = Demo.answer(actions("[{\"type\":\"number\",\"field\":\"duration\"}]"), SONG);
        assertEquals(42, reply.path("action").path("value").asInt());
    }

    @Test
    void startsApprovesAndChooses() throws Exception {
        assertEquals("start", Demo.answer(actions("[{\"type\":\"button\",\"name\":\"start\"},{\"type\":\"button\",\"name\":\"change\"}]"), SONG)
                .path("action").path("name").asText());
        assertEquals("approve", Demo.answer(actions("[{\"type\":\"button\",\"answer\":\"approve\"}]"), SONG)
                .path("action").path("answer").asText());
        assertEquals(0, Demo.answer(actions("[{\"type\":\"choose\",\"options\":[1,2]}]"), SONG).path("action").path("value").asInt());
    }

    @Test
    void saysNothingWhenThereIsNothingToAnswer() throws Exception {
        assertNull(Demo.answer(actions("[]"), SONG));
    }
}
