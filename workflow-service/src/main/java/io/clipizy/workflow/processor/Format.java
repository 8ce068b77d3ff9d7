package io.clipizy.workflow.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code format}: a text from a template with {@code {name}} placeholders filled from {@code vars}. */
public class Format implements Processor {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    @Override
    public String name() {
        return "format";
    }

    @Override
    public JsonNode run(JsonNode p) {
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        out.put("value", fill(p.path("template").asText(""), p.path("vars")));
        return out;
    }

    /** Fills {@code {name}} placeholders; an unknown name becomes empty. */
    static String fill(String template, JsonNode vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            JsonNode v = vars == null ? null : vars.get(m.group(1));
            String text = v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
            m.appendReplacement(b, Matcher.quoteReplacement(text));
        }
        m.appendTail(b);
        return b.toString();
    }
}
