package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Locale;

/**
 * One named parameter slot of a {@link GraphTemplate}: its type, where its value comes from (the task's parameters or
 * the server's configuration), its default and its bounds. Values are checked here, so a bad task parameter becomes a
 * clear {@code invalid_input} before anything reaches the provider.
 *
 * @param name      the slot name, as written in the graph ({@code "{{name}}"})
 * @param type      the value's type
 * @param source    {@code param} (filled from the task) or {@code config} (model files and other server facts)
 * @param optional  an absent optional slot removes the input that names it (and the nodes that need it)
 * @param fallback  the value when none is given (null: none)
 * @param min       lower bound for numbers, or null
 * @param max       upper bound for numbers, or null
 * @param maxLength longest string accepted, or 0 for no limit
 */
public record SlotSpec(String name, Type type, Source source, boolean optional, JsonNode fallback, Double min, Double max,
                       int maxLength) {

    /** What a slot holds. Media slots hold the name of a file uploaded to the server's input folder. */
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN, IMAGE, VIDEO;

        static Type parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown slot type '" + value
                        + "' (known: string, integer, number, boolean, image, video)");
            }
        }

        /** Whether values of this type are media ids that must be uploaded first. */
        public boolean media() {
            return this == IMAGE || this == VIDEO;
        }
    }

    /** Where a slot's value comes from. */
    public enum Source {
        PARAM, CONFIG;

        static Source parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown slot source '" + value + "' (known: param, config)");
            }
        }
    }

    /** Reads a slot declaration from a template's {@code slots} object. */
    static SlotSpec parse(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("slot '" + name + "' must be an object");
        }
        Type type = Type.parse(node.path("type").asText("string"));
        Source source = Source.parse(node.path("source").asText("param"));
        JsonNode fallback = node.has("default") ? node.get("default") : null;
        Double min = node.has("min") ? node.get("min").asDouble() : null;
        Double max = node.has("max") ? node.get("max").asDouble() : null;
        SlotSpec spec = new SlotSpec(name, type, source, node.path("optional").asBoolean(false), null, min, max,
                node.path("maxLength").asInt(0));
        if (fallback != null) {
            spec = new SlotSpec(name, type, source, spec.optional, spec.check(fallback, "its default"), min, max,
                    spec.maxLength);
        }
        return spec;
    }

    /**
     * The value to put in the graph for a given input (null when absent and the slot is optional).
     *
     * @throws SlotValueException when the value is missing, of the wrong type or out of bounds
     */
    JsonNode resolve(JsonNode given) {
        if (given == null || given.isNull() || given.isMissingNode()) {
            if (fallback != null) {
                return fallback;
            }
            if (optional) {
                return null;
            }
            throw new SlotValueException(name + " is required");
        }
        return check(given, name);
    }

    private JsonNode check(JsonNode value, String what) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        switch (type) {
            case STRING:
            case IMAGE:
            case VIDEO:
                if (!value.isTextual()) {
                    throw new SlotValueException(what + " must be text");
                }
                if (maxLength > 0 && value.asText().length() > maxLength) {
                    throw new SlotValueException(what + " must be at most " + maxLength + " characters (got "
                            + value.asText().length() + ")");
                }
                return value;
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw new SlotValueException(what + " must be true or false");
                }
                return value;
            case INTEGER:
                if (!value.isNumber() || (!value.isIntegralNumber() && value.asDouble() != Math.rint(value.asDouble()))) {
                    throw new SlotValueException(what + " must be a whole number");
                }
                bounds(value.asDouble(), what);
                return json.numberNode(value.asLong());
            case NUMBER:
                if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                    throw new SlotValueException(what + " must be a number");
                }
                bounds(value.asDouble(), what);
                return json.numberNode(value.asDouble());
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private void bounds(double value, String what) {
        if ((min != null && value < min) || (max != null && value > max)) {
            throw new SlotValueException(what + " must be between " + plain(min) + " and " + plain(max) + " (got "
                    + plain(value) + ")");
        }
    }

    private static String plain(Double value) {
        if (value == null) {
            return "any";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue()) : value.toString();
    }

    /** A task parameter that does not fit its slot: the task's input is invalid. */
    public static final class SlotValueException extends RuntimeException {
        public SlotValueException(String message) {
            super(message, null, false, false);
        }
    }
}
