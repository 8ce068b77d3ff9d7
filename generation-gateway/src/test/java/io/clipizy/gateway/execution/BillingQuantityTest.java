package io.clipizy.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import org.junit.jupiter.api.Test;

/** The quantity sent with a reservation is in the unit billing-service prices the kind by. */
class BillingQuantityTest {
    @Test
    void imagesAreCountedVideosAndRendersAreMeasuredInSeconds() {
        assertEquals(1, BillingQuantity.of(TaskKind.IMAGE_GENERATION, JsonCodec.decode("{}", com.fasterxml.jackson.databind.JsonNode.class)));
        assertEquals(3, BillingQuantity.of(TaskKind.IMAGE_GENERATION, json("{\"n\":3}")));
        assertEquals(4, BillingQuantity.of(TaskKind.VIDEO_GENERATION, json("{}")), "the catalogue's default clip");
        assertEquals(24, BillingQuantity.of(TaskKind.VIDEO_GENERATION, json("{\"n_seconds\":12,\"n_variants\":2}")));
        assertEquals(8, BillingQuantity.of(TaskKind.VIDEO_GENERATION, json("{\"seconds\":\"8\"}")));
        assertEquals(95.5, BillingQuantity.of(TaskKind.VIDEO_COMPOSITION, json("{\"timeline\":{\"duration\":95.5}}")));
        assertEquals(7, BillingQuantity.of(TaskKind.VIDEO_COMPOSITION,
                json("{\"timeline\":{\"clips\":[{\"duration\":3},{\"duration\":4}]}}")), "sequential clips add up");
        assertEquals(1, BillingQuantity.of(TaskKind.AUDIO_ANALYSIS, json("{\"audio\":\"x\"}")));
        assertEquals(1, BillingQuantity.of(TaskKind.TEXT_GENERATION, null));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return JsonCodec.decode(text, com.fasterxml.jackson.databind.JsonNode.class);
    }
}
