package io.clipizy.workflow.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow against the node catalogue before anything runs: unknown node types, missing required or unknown
 * parameters, references to unknown inputs, nodes or output fields, {@code item} outside a {@code forEach}, unknown
 * {@code after} targets and cycles. Every problem is reported, each naming the file, node and field.
 */
public final class DefinitionValidator {
    /** Names a reference may start with besides node ids. */
    public static final Set<String> SCOPES = Set.of("inputs", "item", "index", "providers");
    /** Capabilities {@code providers.X} can test (true when a provider for it is configured). */
    public static final Set<String> PROVIDER_CAPABILITIES = Set.of("text", "vision", "image", "video", "music");
    private static final Pattern NODE_ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Map<String, NodeType> catalogue;
    private final Set<String> outputSchemas;

    public DefinitionValidator(Map<String, NodeType> catalogue, Set<String> outputSchemas) {
        this.catalogue = catalogue;
        this.outputSchemas = outputSchemas;
    }

    /** The problems found, each prefixed with {@code file}; empty when the workflow is valid. */
    public List<String> problems(String file, WorkflowDefinition wf) {
        List<String> problems = new ArrayList<>();
        if (wf.id() == null || wf.id().isBlank()) {
            problems.add(file + ": field 'id' is required");
        }
        if (wf.version() < 1) {
            problems.add(file + ": field 'version' must be at least 1");
        }
        if (wf.projectType() == null) {
            problems.add(file + ": field 'projectType' is required");
        }
        wf.inputs().forEach((name, spec) -> checkInput(file, name, spec, problems));
        Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        for (NodeSpec node : wf.nodes()) {
            String where = file + ": node '" + node.id() + "'";
            if (node.id() == null || !NODE_ID.matcher(node.id()).matches()) {
                problems.add(file + ": node id '" + node.id() + "' must be lower-case letters, digits and _ starting with a letter");
                continue;
            }
            if (nodes.put(node.id(), node) != null) {
                problems.add(where + ": the id is used twice");
            }
        }
        if (nodes.isEmpty()) {
            problems.add(file + ": a workflow needs at least one node");
        }
        for (NodeSpec node : nodes.values()) {
            checkNode(file, wf, node, nodes, problems);
        }
        if (wf.output() != null) {
            checkTemplate(file + ": field 'output'", wf.output(), wf, null, nodes, problems);
        }
        if (problems.isEmpty()) {
            findCycle(nodes, wf).ifPresent(cycle -> problems.add(file + ": the nodes form a cycle: " + String.join(" -> ", cycle)));
        }
        return problems;
    }

    private void checkInput(String file, String name, InputSpec spec, List<String> problems) {
        String where = file + ": input '" + name + "'";
        if (spec.type() == null) {
            problems.add(where + ": field 'type' is required");
            return;
        }
        String base = spec.type().startsWith("list:") ? spec.type().substring(5) : spec.type();
        if (!Set.of("text", "int", "number", "boolean", "enum", "json", "workflow", "color", "media:audio", "media:image",
                "media:video", "media:any").contains(base)) {
            problems.add(where + ": unknown type '" + spec.type() + "'");
        }
        if ("enum".equals(base) && spec.options().isEmpty()) {
            problems.add(where + ": an enum needs 'options'");
        }
        if (spec.defaultValue() != null && "enum".equals(spec.type()) && !spec.options().contains(spec.defaultValue().asText())) {
            problems.add(where + ": default '" + spec.defaultValue().asText() + "' is not one of " + spec.options());
        }
    }

    private void checkNode(String file, WorkflowDefinition wf, NodeSpec node, Map<String, NodeSpec> nodes, List<String> problems) {
        String where = file + ": node '" + node.id() + "'";
        NodeType type = catalogue.get(node.use());
        if (type == null) {
            problems.add(where + ": unknown node type '" + node.use() + "'");
            return;
        }
        for (Map.Entry<String, NodeType.Param> param : type.params().entrySet()) {
            if (param.getValue().required() && param.getValue().defaultValue() == null && !node.with().containsKey(param.getKey())) {
                problems.add(where + ": field 'with." + param.getKey() + "' is required by " + type.name());
            }
        }
        for (Map.Entry<String, JsonNode> given : node.with().entrySet()) {
            if (!type.params().containsKey(given.getKey())) {
                problems.add(where + ": field 'with." + given.getKey() + "' is not a parameter of " + type.name()
                        + " (it takes " + String.join(", ", type.params().keySet()) + ")");
            }
            checkValue(where + ": field 'with." + given.getKey() + "'", given.getValue(), wf, node, nodes, problems);
        }
        if (node.when() != null) {
            checkTemplate(where + ": field 'when'", node.when(), wf, node, nodes, problems);
        }
        if (node.forEach() != null) {
            checkTemplate(where + ": field 'forEach'", node.forEach(), wf, null, nodes, problems);
        }
        if (node.parallelism() != null && (node.parallelism() < 1 || node.parallelism() > 32)) {
            problems.add(where + ": field 'parallelism' must be between 1 and 32");
        }
        for (String after : node.after()) {
            if (!nodes.containsKey(after)) {
                problems.add(where + ": field 'after' names unknown node '" + after + "'");
            }
        }
        if (node.agent() != null) {
            if (type.family() != NodeFamily.GENERATOR || !Set.of("text_generation", "image_description").contains(type.taskKind())) {
                problems.add(where + ": field 'agent' is only for text_generation and image_description nodes");
            }
            if (node.agent().maxIterations() < 1 || node.agent().maxIterations() > 10) {
                problems.add(where + ": field 'agent.maxIterations' must be between 1 and 10");
            }
            if (node.agent().outputSchema() == null || !outputSchemas.contains(node.agent().outputSchema())) {
                problems.add(where + ": field 'agent.outputSchema' names unknown schema '" + node.agent().outputSchema() + "'");
            }
        }
        if (node.retry() != null && (node.retry().maxAttempts() < 1 || node.retry().maxAttempts() > 10)) {
            problems.add(where + ": field 'retry.maxAttempts' must be between 1 and 10");
        }
    }

    private void checkValue(String where, JsonNode value, WorkflowDefinition wf, NodeSpec node, Map<String, NodeSpec> nodes,
                            List<String> problems) {
        if (value.isTextual()) {
            checkTemplate(where, value.asText(), wf, node, nodes, problems);
        } else if (value.isContainerNode()) {
            value.fields().forEachRemaining(e -> checkValue(where + "." + e.getKey(), e.getValue(), wf, node, nodes, problems));
            if (value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    checkValue(where + "[" + i + "]", value.get(i), wf, node, nodes, problems);
                }
            }
        }
    }

    private void checkTemplate(String where, String text, WorkflowDefinition wf, NodeSpec node, Map<String, NodeSpec> nodes,
                               List<String> problems) {
        Expression expression;
        try {
            expression = Expression.parse(text);
        } catch (DefinitionException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        for (Expression.Path path : expression.paths()) {
            String problem = checkPath(path, wf, node, nodes);
            if (problem != null) {
                problems.add(where + ": " + problem);
            }
        }
    }

    private String checkPath(Expression.Path path, WorkflowDefinition wf, NodeSpec node, Map<String, NodeSpec> nodes) {
        String root = path.root();
        switch (root) {
            case "inputs":
                return path.first() == null || !wf.inputs().containsKey(path.first())
                        ? "reference '" + path.text() + "' names no declared input" : null;
            case "item":
            case "index":
                return node == null || node.forEach() == null ? "reference '" + path.text() + "' is only valid in a forEach node" : null;
            case "providers":
                return path.first() == null || !PROVIDER_CAPABILITIES.contains(path.first())
                        ? "reference '" + path.text() + "' must be one of providers." + String.join(", providers.", PROVIDER_CAPABILITIES) : null;
            default:
                break;
        }
        NodeSpec target = nodes.get(root);
        if (target == null) {
            return "reference '" + path.text() + "' names unknown node '" + root + "'";
        }
        if (node != null && target.id().equals(node.id())) {
            return "reference '" + path.text() + "' refers to the node itself";
        }
        String field = path.first();
        if (!"output".equals(field) && !"outputs".equals(field) && !"status".equals(field)) {
            return "reference '" + path.text() + "' must read " + root + ".output, " + root + ".outputs or " + root + ".status";
        }
        if ("outputs".equals(field) && target.forEach() == null) {
            return "reference '" + path.text() + "': " + root + " has no forEach, read " + root + ".output";
        }
        NodeType type = catalogue.get(target.use());
        if (type != null && !type.openOutput() && "output".equals(field) && path.segments().size() > 1
                && path.segments().get(1) instanceof String sub && !type.outputs().contains(sub)) {
            return "reference '" + path.text() + "': " + type.name() + " has no output field '" + sub + "' (it has "
                    + String.join(", ", type.outputs()) + ")";
        }
        return null;
    }

    /** The nodes each node depends on: every node its values reference, and its {@code after} list. */
    public static Map<String, Set<String>> dependencies(WorkflowDefinition wf) {
        Set<String> ids = new LinkedHashSet<>();
        wf.nodes().forEach(n -> ids.add(n.id()));
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        for (NodeSpec node : wf.nodes()) {
            Set<String> d = new LinkedHashSet<>(node.after());
            List<String> texts = new ArrayList<>();
            node.with().values().forEach(v -> collectTexts(v, texts));
            if (node.when() != null) {
                texts.add(node.when());
            }
            if (node.forEach() != null) {
                texts.add(node.forEach());
            }
            for (String text : texts) {
                for (Expression.Path p : Expression.parse(text).paths()) {
                    if (ids.contains(p.root()) && !p.root().equals(node.id())) {
                        d.add(p.root());
                    }
                }
            }
            deps.put(node.id(), d);
        }
        return deps;
    }

    private static void collectTexts(JsonNode value, List<String> texts) {
        if (value.isTextual()) {
            texts.add(value.asText());
        } else if (value.isContainerNode()) {
            value.elements().forEachRemaining(v -> collectTexts(v, texts));
        }
    }

    private static java.util.Optional<List<String>> findCycle(Map<String, NodeSpec> nodes, WorkflowDefinition wf) {
        Map<String, Set<String>> deps = dependencies(wf);
        Map<String, Integer> state = new HashMap<>();
        for (String start : nodes.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = visit(start, deps, state, path);
            if (cycle != null) {
                return java.util.Optional.of(cycle);
            }
        }
        return java.util.Optional.empty();
    }

    private static List<String> visit(String node, Map<String, Set<String>> deps, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : path) {
                if (p.equals(node)) {
                    in = true;
                }
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.addLast(node);
        for (String dep : deps.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(dep, deps, state, path);
            if (cycle != null) {
                return cycle;
            }
        }
        path.removeLast();
        state.put(node, 2);
        return null;
    }
}
