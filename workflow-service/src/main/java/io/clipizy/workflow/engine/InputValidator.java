package io.clipizy.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.workflow.definition.InputSpec;
import io.clipizy.workflow.definition.WorkflowDefinition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a run's inputs against its workflow's input schema and fills in defaults. Every bad field is reported (as
 * {@code inputs.<name>}), not just the first; unknown fields are errors too, so a typo never goes unnoticed.
 */
public final class InputValidator {
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    private InputValidator() {
    }

    /** The result: the inputs with defaults applied, and the problems found (empty when valid). */
    public record Result(ObjectNode inputs, List<Problem.FieldViolation> errors) {
    }

    public static Result validate(WorkflowDefinition wf, JsonNode given, Set<String> knownWorkflows) {
        List<Problem.FieldViolation> errors = new ArrayList<>();
        ObjectNode out = JsonCodec.mapper().createObjectNode();
        if (given != null && !given.isNull() && !given.isObject()) {
            errors.add(new Problem.FieldViolation("inputs", "must be a JSON object"));
            return new Result(out, errors);
        }
        if (given != null && given.isObject()) {
            Iterator<String> names = given.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!wf.inputs().containsKey(name)) {
                    errors.add(new Problem.FieldViolation("inputs." + name, "is not an input of " + wf.id()
                            + " (it takes " + String.join(", ", wf.inputs().keySet()) + ")"));
                }
            }
        }
        for (Map.Entry<String, InputSpec> e : wf.inputs().entrySet()) {
            String field = "inputs." + e.getKey();
            InputSpec spec = e.getValue();
            JsonNode value = given == null ? null : given.get(e.getKey());
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                if (spec.defaultValue() != null) {
                    out.set(e.getKey(), spec.defaultValue());
                } else if (spec.required()) {
                    errors.add(new Problem.FieldViolation(field, "is required"));
                }
                continue;
            }
            String problem = check(spec, spec.type(), value, knownWorkflows);
            if (problem != null) {
                errors.add(new Problem.FieldViolation(field, problem));
            } else {
                out.set(e.getKey(), value.isTextual() && !spec.type().startsWith("media") ? JsonCodec.tree(value.asText().strip()) : value);
            }
        }
        return new Result(out, errors);
    }

    private static String check(InputSpec spec, String type, JsonNode v, Set<String> workflows) {
        if (type.startsWith("list:")) {
            if (!v.isArray()) {
                return "must be a list";
            }
            if (spec.maxItems() != null && v.size() > spec.maxItems()) {
                return "at most " + spec.maxItems() + " items";
            }
            for (int i = 0; i < v.size(); i++) {
                String problem = check(spec, type.substring(5), v.get(i), workflows);
                if (problem != null) {
                    return "item " + i + " " + problem;
                }
            }
            return null;
        }
        return switch (type) {
            case "text" -> !v.isTextual() ? "must be text"
                    : spec.maxLength() != null && v.asText().length() > spec.maxLength() ? "at most " + spec.maxLength() + " characters" : null;
            case "int" -> !v.canConvertToInt() || !v.isIntegralNumber() ? "must be a whole number" : range(spec, v.asDouble());
            case "number" -> !v.isNumber() ? "must be a number" : range(spec, v.asDouble());
            case "boolean" -> !v.isBoolean() ? "must be true or false" : null;
            case "enum" -> !v.isTextual() || !spec.options().contains(v.asText()) ? "must be one of " + String.join(", ", spec.options()) : null;
            case "color" -> !v.isTextual() || !COLOR.matcher(v.asText()).matches() ? "must be a colour such as #1a2b3c" : null;
            case "workflow" -> !v.isTextual() || !workflows.contains(v.asText()) ? "must name a known workflow" : null;
            case "json" -> null;
            default -> type.startsWith("media:") && (!v.isTextual() || !UUID_TEXT.matcher(v.asText()).matches())
                    ? "must be a media id (upload the file first)" : null;
        };
    }

    private static String range(InputSpec spec, double value) {
        if (spec.min() != null && value < spec.min()) {
            return "must be at least " + trim(spec.min());
        }
        if (spec.max() != null && value > spec.max()) {
            return "must be at most " + trim(spec.max());
        }
        return null;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
