package io.clipizy.kit.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ModelAnswersTest {
    @Test
    void thinkingIsRemovedClosedCutOffOrHalfOpen() {
        assertEquals("answer", ModelAnswers.withoutThinking("<think>a\nb</think>\nanswer"));
        assertEquals("answer", ModelAnswers.withoutThinking("no opening tag</think>answer"));
        assertEquals("", ModelAnswers.withoutThinking("<THINK>cut off while thinking"));
        assertEquals("", ModelAnswers.withoutThinking(null));
    }

    @Test
    void theObjectIsFoundInAFenceOrInProseWithBracesInsideStrings() {
        assertEquals("{\"a\":1}", ModelAnswers.unfenced("Here:\n```json\n{\"a\":1}\n```\nDone."));
        assertEquals("{\"s\":\"a } { b\",\"n\":{\"x\":1}}",
                ModelAnswers.firstBalancedObject("Sure! {\"s\":\"a } { b\",\"n\":{\"x\":1}} hope it helps"));
        assertNull(ModelAnswers.firstBalancedObject("no object {here"));
    }

    @Test
    void theFirstParsableObjectSkipsBrokenCandidates() {
        assertEquals(2, ModelAnswers.firstParsableObject("{not json} then {\"v\":2}").path("v").asInt());
        assertEquals(3, ModelAnswers.firstParsableObject("x ```\n{\"v\":3}\n``` {\"v\":4}").path("v").asInt());
        assertNull(ModelAnswers.firstParsableObject("[1,2]"));
    }
}
