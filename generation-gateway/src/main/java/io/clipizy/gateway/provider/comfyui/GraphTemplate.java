package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ComfyUI graph (API format) kept as a versioned resource, with named parameter slots instead of hard-coded values.
 *
 * <p>The slot syntax is deliberately small: a JSON string whose whole value is {@code "{{name}}"} is replaced by the
 * slot's typed value (a number stays a number). Nothing else is interpreted — no expressions, no partial
 * substitution inside longer strings — so a task parameter can never change the graph's shape. A node listed under
 * {@code optionalNodes} is dropped, together with every link to it, when its slot has no value (an image edit with one
 * reference instead of three).
 */
public final class GraphTemplate {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z][a-z0-9_]{0,63})}}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final String name;
    private final int version;
    private final Map<String, SlotSpec> slots;
    private final ObjectNode graph;
    private final List<String> outputNodes;
    private final Map<String, String> optionalNodes;

    private GraphTemplate(String name, int version, Map<String, SlotSpec> slots, ObjectNode graph,
                          List<String> outputNodes, Map<String, String> optionalNodes) {
        this.name = name;
        this.version = version;
        this.slots = Collections.unmodifiableMap(slots);
        this.graph = graph;
        this.outputNodes = List.copyOf(outputNodes);
        this.optionalNodes = Collections.unmodifiableMap(optionalNodes);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    /** {@code name.vN}, as it appears in results and logs. */
    public String id() {
        return name + ".v" + version;
    }

    public Map<String, SlotSpec> slots() {
        return slots;
    }

    /** The nodes whose outputs are the task's outputs (empty: every saved output). */
    public List<String> outputNodes() {
        return outputNodes;
    }

    /**
     * Reads and validates a template. A placeholder naming an undeclared slot, a declared slot no node uses, a link to
     * a missing node or a malformed declaration fails with a message naming the template, node and input.
     */
    public static GraphTemplate parse(String fileName, JsonNode root) {
        String where = "ComfyUI template " + fileName;
        try {
            return parseChecked(fileName, root);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
    }

    private static GraphTemplate parseChecked(String fileName, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        String name = root.path("name").asText("");
        int version = root.path("version").asInt(0);
        if (!NAME.matcher(name).matches() || version < 1) {
            throw new IllegalArgumentException("needs a name (lower case, digits, dashes) and a version >= 1");
        }
        if (!fileName.equals(name + ".v" + version + ".json")) {
            throw new IllegalArgumentException("declares " + name + ".v" + version + " but its file is " + fileName);
        }
        Map<String, SlotSpec> slots = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> declared = root.path("slots").fields();
        while (declared.hasNext()) {
            Map.Entry<String, JsonNode> entry = declared.next();
            if (!PLACEHOLDER.matcher("{{" + entry.getKey() + "}}").matches()) {
                throw new IllegalArgumentException("slot name '" + entry.getKey()
                        + "' must be lower case letters, digits and underscores");
            }
            try {
                slots.put(entry.getKey(), SlotSpec.parse(entry.getKey(), entry.getValue()));
            } catch (SlotSpec.SlotValueException e) {
                throw new IllegalArgumentException("slot '" + entry.getKey() + "': " + e.getMessage());
            }
        }
        JsonNode graph = root.path("graph");
        if (!graph.isObject() || graph.isEmpty()) {
            throw new IllegalArgumentException("needs a non-empty 'graph' object (ComfyUI API format)");
        }
        Set<String> used = new LinkedHashSet<>();
        Iterator<Map.Entry<String, JsonNode>> nodes = graph.fields();
        while (nodes.hasNext()) {
            Map.Entry<String, JsonNode> node = nodes.next();
            checkNode(node.getKey(), node.getValue(), graph, slots, used);
        }
        for (String slot : slots.keySet()) {
            if (!used.contains(slot)) {
                throw new IllegalArgumentException("declares slot '" + slot + "' but no node uses it");
            }
        }
        List<String> outputs = new ArrayList<>();
        for (JsonNode output : root.path("outputs")) {
            if (!graph.has(output.asText())) {
                throw new IllegalArgumentException("output node '" + output.asText() + "' is not in the graph");
            }
            outputs.add(output.asText());
        }
        Map<String, String> optionalNodes = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> optional = root.path("optionalNodes").fields();
        while (optional.hasNext()) {
            Map.Entry<String, JsonNode> entry = optional.next();
            SlotSpec slot = slots.get(entry.getValue().asText());
            if (!graph.has(entry.getKey())) {
                throw new IllegalArgumentException("optional node '" + entry.getKey() + "' is not in the graph");
            }
            if (slot == null || !slot.optional()) {
                throw new IllegalArgumentException("optional node '" + entry.getKey() + "' must name an optional slot (got '"
                        + entry.getValue().asText() + "')");
            }
            optionalNodes.put(entry.getKey(), slot.name());
        }
        return new GraphTemplate(name, version, slots, (ObjectNode) graph.deepCopy(), outputs, optionalNodes);
    }

    private static void checkNode(String id, JsonNode node, JsonNode graph, Map<String, SlotSpec> slots, Set<String> used) {
        if (!node.isObject() || !node.path("class_type").isTextual() || !node.path("inputs").isObject()) {
            throw new IllegalArgumentException("node " + id + " needs a 'class_type' and an 'inputs' object");
        }
        Iterator<Map.Entry<String, JsonNode>> inputs = node.get("inputs").fields();
        while (inputs.hasNext()) {
            Map.Entry<String, JsonNode> input = inputs.next();
            JsonNode value = input.getValue();
            String where = "node " + id + " input '" + input.getKey() + "'";
            if (value.isTextual() && value.asText().contains("{{")) {
                Matcher matcher = PLACEHOLDER.matcher(value.asText());
                if (!matcher.matches()) {
                    throw new IllegalArgumentException(where + " holds '" + value.asText()
                            + "': a slot must be the whole value, written {{name}}");
                }
                if (!slots.containsKey(matcher.group(1))) {
                    throw new IllegalArgumentException(where + " names the unknown slot '" + matcher.group(1)
                            + "' (declared: " + String.join(", ", slots.keySet()) + ")");
                }
                used.add(matcher.group(1));
            } else if (isLink(value) && !graph.has(value.get(0).asText())) {
                throw new IllegalArgumentException(where + " links to node " + value.get(0).asText()
                        + ", which is not in the graph");
            }
        }
    }

    private static boolean isLink(JsonNode value) {
        return value.isArray() && value.size() == 2 && value.get(0).isTextual() && value.get(1).isIntegralNumber();
    }

    /**
     * The graph with every slot filled. {@code values} maps slot names to the values the task gave (media slots: the
     * uploaded file's name); config slots read {@code configured}.
     *
     * @throws SlotSpec.SlotValueException when a value is missing or does not fit its slot
     */
    public ObjectNode render(Map<String, JsonNode> values, Map<String, String> configured) {
        Map<String, JsonNode> resolved = new LinkedHashMap<>();
        for (SlotSpec slot : slots.values()) {
            JsonNode given = slot.source() == SlotSpec.Source.CONFIG
                    ? (configured.containsKey(slot.name())
                            ? com.fasterxml.jackson.databind.node.TextNode.valueOf(configured.get(slot.name())) : null)
                    : values.get(slot.name());
            JsonNode value = slot.resolve(given);
            if (value != null) {
                resolved.put(slot.name(), value);
            }
        }
        ObjectNode out = graph.deepCopy();
        Set<String> dropped = new LinkedHashSet<>();
        optionalNodes.forEach((node, slot) -> {
            if (!resolved.containsKey(slot)) {
                dropped.add(node);
            }
        });
        dropped.forEach(out::remove);
        Iterator<Map.Entry<String, JsonNode>> nodes = out.fields();
        while (nodes.hasNext()) {
            ObjectNode inputs = (ObjectNode) nodes.next().getValue().get("inputs");
            List<String> names = new ArrayList<>();
            inputs.fieldNames().forEachRemaining(names::add);
            for (String input : names) {
                JsonNode value = inputs.get(input);
                Matcher matcher = value.isTextual() ? PLACEHOLDER.matcher(value.asText()) : null;
                if (matcher != null && matcher.matches()) {
                    JsonNode filled = resolved.get(matcher.group(1));
                    if (filled == null) {
                        inputs.remove(input);
                    } else {
                        inputs.set(input, filled);
                    }
                } else if (isLink(value) && dropped.contains(value.get(0).asText())) {
                    inputs.remove(input);
                }
            }
        }
        return out;
    }

    /** The slot an input of a node is filled from, or null when the input holds a fixed value or a link. */
    public SlotSpec slotAt(String nodeId, String input) {
        JsonNode value = graph.path(nodeId).path("inputs").path(input);
        Matcher matcher = value.isTextual() ? PLACEHOLDER.matcher(value.asText()) : null;
        return matcher != null && matcher.matches() ? slots.get(matcher.group(1)) : null;
    }
}
