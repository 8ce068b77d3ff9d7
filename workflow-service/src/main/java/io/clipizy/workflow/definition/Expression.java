package io.clipizy.workflow.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference language of workflow definitions — deliberately small and safe, never a script engine. A value is
 * either a literal JSON value or a string holding {@code ${...}} references. A reference is a path
 * ({@code inputs.style}, {@code plan.output.scenes[0]}, {@code item.prompt}) optionally followed by {@code ?:}
 * fallbacks ({@code prompts.output ?: plan.output}): the first path that resolves to a present, non-null value wins.
 * A string that is exactly one reference yields that value with its JSON type; a string mixing text and references
 * yields text.
 */
public final class Expression {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*|\\[\\d+]");

    private final String source;
    private final List<Object> parts;
    private final boolean single;

    private Expression(String source, List<Object> parts, boolean single) {
        this.source = source;
        this.parts = parts;
        this.single = single;
    }

    /** A path: a root name and the segments after it (field names, or array indices as Integers). */
    public record Path(String root, List<Object> segments) {
        public String text() {
            StringBuilder b = new StringBuilder(root);
            for (Object s : segments) {
                b.append(s instanceof Integer i ? "[" + i + "]" : "." + s);
            }
            return b.toString();
        }

        /** The first segment after the root as a field name, or null. */
        public String first() {
            return segments.isEmpty() || !(segments.get(0) instanceof String s) ? null : s;
        }
    }

    /** A reference: one or more alternative paths, the first present one wins. */
    public record Reference(List<Path> alternatives) {
    }

    /** Resolves a path against the run's state; answers null when it does not resolve. */
    public interface Resolver {
        JsonNode resolve(Path path);
    }

    /** Parses a template string; throws {@link DefinitionException} naming the problem when it is malformed. */
    public static Expression parse(String source) {
        List<Object> parts = new ArrayList<>();
        Matcher m = REFERENCE.matcher(source);
        int last = 0;
        int references = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(source.substring(last, m.start()));
            }
            parts.add(parseReference(m.group(1), source));
            references++;
            last = m.end();
        }
        if (last < source.length()) {
            String rest = source.substring(last);
            if (rest.contains("${")) {
                throw new DefinitionException("unterminated reference in '" + source + "'");
            }
            parts.add(rest);
        }
        return new Expression(source, List.copyOf(parts), references == 1 && parts.size() == 1);
    }

    /** True when the JSON value contains a reference anywhere (strings only hold references). */
    public static boolean hasReferences(String text) {
        return text.contains("${");
    }

    private static Reference parseReference(String body, String source) {
        String[] alternatives = body.split("\\?:", -1);
        List<Path> paths = new ArrayList<>();
        for (String alternative : alternatives) {
            paths.add(parsePath(alternative.strip(), source));
        }
        return new Reference(List.copyOf(paths));
    }

    private static Path parsePath(String text, String source) {
        if (text.isEmpty()) {
            throw new DefinitionException("empty reference in '" + source + "'");
        }
        Matcher m = SEGMENT.matcher(text);
        List<Object> segments = new ArrayList<>();
        int pos = 0;
        String root = null;
        while (pos < text.length()) {
            if (text.charAt(pos) == '.' && root != null) {
                pos++;
            }
            if (!m.find(pos) || m.start() != pos) {
                throw new DefinitionException("cannot read reference '" + text + "' in '" + source
                        + "' (a path of names and [index] such as inputs.style or plan.output.scenes[0])");
            }
            String token = m.group();
            if (root == null) {
                if (token.startsWith("[")) {
                    throw new DefinitionException("reference '" + text + "' must start with a name");
                }
                root = token;
            } else if (token.startsWith("[")) {
                segments.add(Integer.parseInt(token.substring(1, token.length() - 1)));
            } else {
                if (text.charAt(m.start() - 1) != '.') {
                    throw new DefinitionException("cannot read reference '" + text + "' in '" + source + "'");
                }
                segments.add(token);
            }
            pos = m.end();
        }
        return new Path(root, List.copyOf(segments));
    }

    public String source() {
        return source;
    }

    /** Every path this expression reads, fallbacks included. */
    public List<Path> paths() {
        List<Path> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Reference r) {
                all.addAll(r.alternatives());
            }
        }
        return all;
    }

    /** The value: a JSON value for a single reference (null node when nothing resolves), text otherwise. */
    public JsonNode evaluate(Resolver resolver) {
        if (single) {
            JsonNode value = resolve((Reference) parts.get(0), resolver);
            return value == null ? NullNode.getInstance() : value;
        }
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Reference r) {
                JsonNode value = resolve(r, resolver);
                if (value != null && !value.isNull()) {
                    text.append(value.isTextual() ? value.asText() : value.toString());
                }
            } else {
                text.append(part);
            }
        }
        return JsonNodeFactory.instance.textNode(text.toString());
    }

    private static JsonNode resolve(Reference reference, Resolver resolver) {
        for (Path path : reference.alternatives()) {
            JsonNode value = resolver.resolve(path);
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                return value;
            }
        }
        return null;
    }

    /** Walks the segments of a path from a starting value; null when a step is missing. */
    public static JsonNode walk(JsonNode start, List<Object> segments) {
        JsonNode current = start;
        for (Object segment : segments) {
            if (current == null || current.isNull()) {
                return null;
            }
            current = segment instanceof Integer i ? current.get(i) : current.get((String) segment);
        }
        return current;
    }

    /** Truthiness for {@code when}: null, false, 0, "" and empty arrays/objects are false. */
    public static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty() && !value.asText().equalsIgnoreCase("false");
        }
        return value.size() > 0 || value.isValueNode();
    }
}
