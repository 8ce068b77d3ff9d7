package io.clipizy.workflow.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    private static final JsonNode STATE = JsonCodec.decode("""
            {"inputs":{"style":"cinematic","scenes":6},
             "plan":{"output":{"scenes":[{"prompt":"a beach"},{"prompt":"a city"}]}},
             "prompts":{"output":null}}""", JsonNode.class);

    private static JsonNode eval(String text) {
        return Expression.parse(text).evaluate(path -> Expression.walk(STATE.get(path.root()), path.segments()));
    }

    @Test
    void aSingleReferenceKeepsItsJsonType() {
        assertEquals(6, eval("${inputs.scenes}").intValue());
        assertEquals("a city", eval("${plan.output.scenes[1].prompt}").asText());
        assertTrue(eval("${plan.output.scenes}").isArray());
    }

    @Test
    void fallbacksTakeTheFirstPresentValue() {
        assertEquals(2, eval("${prompts.output ?: plan.output}").get("scenes").size());
        assertEquals("cinematic", eval("${missing.output ?: inputs.style}").asText());
        assertTrue(eval("${missing.output ?: nothing.here}").isNull());
    }

    @Test
    void mixedTextInterpolates() {
        assertEquals("A cinematic video in 6 scenes", eval("A ${inputs.style} video in ${inputs.scenes} scenes").asText());
        assertEquals("plain", eval("plain").asText());
    }

    @Test
    void pathsListEveryReferenceIncludingFallbacks() {
        List<String> paths = Expression.parse("${prompts.output ?: plan.output} and ${item.prompt}").paths().stream()
                .map(Expression.Path::text).toList();
        assertEquals(List.of("prompts.output", "plan.output", "item.prompt"), paths);
    }

    @Test
    void malformedReferencesAreRejectedWithTheText() {
        DefinitionException e = assertThrows(DefinitionException.class, () -> Expression.parse("${inputs..style}"));
        assertTrue(e.getMessage().contains("inputs..style"), e.getMessage());
        assertThrows(DefinitionException.class, () -> Expression.parse("${}"));
        assertThrows(DefinitionException.class, () -> Expression.parse("${inputs.style"));
        assertThrows(DefinitionException.class, () -> Expression.parse("${inputs.style + 1}"));
        assertThrows(DefinitionException.class, () -> Expression.parse("${[0]}"));
    }

    @Test
    void truthiness() {
        assertFalse(Expression.truthy(null));
        assertFalse(Expression.truthy(JsonCodec.tree(false)));
        assertFalse(Expression.truthy(JsonCodec.tree(0)));
        assertFalse(Expression.truthy(JsonCodec.tree("")));
        assertFalse(Expression.truthy(JsonCodec.tree(List.of())));
        assertTrue(Expression.truthy(JsonCodec.tree("ollama")));
        assertTrue(Expression.truthy(JsonCodec.tree(Map.of("a", 1))));
        assertTrue(Expression.truthy(JsonCodec.tree(3)));
    }
}
