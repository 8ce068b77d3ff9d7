package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.workflow.definition.Expression;
import java.util.List;
import java.util.function.Function;

/** The util nodes: small pure functions whose output is {@code {"value": ...}}. */
public final class Utils {
    private Utils() {
    }

    /** A util processor from its name and function. */
    private record Util(String name, Function<JsonNode, JsonNode> fn) implements Processor {
        @Override
        public JsonNode run(JsonNode params) {
            ObjectNode out = JsonCodec.mapper().createObjectNode();
            out.set("value", fn.apply(params));
            return out;
        }
    }

    public static List<Processor> all() {
        return List.of(
                new Util("pick", p -> {
                    JsonNode v = Expression.walk(p.path("value"), Expression.parse("${value." + p.path("path").asText() + "}")
                            .paths().get(0).segments());
                    return v == null ? JsonCodec.mapper().nullNode() : v;
                }),
                new Util("merge", p -> {
                    if (!p.path("a").isObject() || !p.path("b").isObject()) {
                        throw new ProcessorException("merge needs two objects");
                    }
                    ObjectNode merged = ((ObjectNode) p.get("a")).deepCopy();
                    merged.setAll((ObjectNode) p.get("b"));
                    return merged;
                }),
                new Util("count", p -> JsonCodec.tree(p.path("value").size())),
                new Util("clamp", p -> {
                    double v = p.path("value").asDouble();
                    if (p.hasNonNull("min")) {
                        v = Math.max(v, p.get("min").asDouble());
                    }
                    if (p.hasNonNull("max")) {
                        v = Math.min(v, p.get("max").asDouble());
                    }
                    return JsonCodec.tree(v);
                }),
                new Util("default", p -> p.hasNonNull("value") ? p.get("value") : p.path("fallback")),
                new Util("range", p -> {
                    int n = p.path("count").asInt();
                    if (n < 0 || n > 100) {
                        throw new ProcessorException("range count must be between 0 and 100, was " + n);
                    }
                    ArrayNode list = JsonCodec.mapper().createArrayNode();
                    for (int i = 0; i < n; i++) {
                        list.add(i);
                    }
                    return list;
                }));
    }
}
