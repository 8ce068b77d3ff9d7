package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.gateway.provider.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named prompt templates under {@code prompts/<name>.txt}, rendered with a deliberately small syntax: {@code {{var}}}
 * and {@code {{var.field}}} insert a value (text as is, numbers plainly, objects and lists as JSON),
 * {@code {{#var}}…{{/var}}} keeps its text only when the value is present and not empty/false, {@code {{^var}}…{{/var}}}
 * only when it is. One pass, no expressions, no includes: a value is never read as template text. A variable the
 * template uses but the task did not give is the task's invalid input. A template may start with a {@code [system]}
 * section; the text after {@code [user]} (or the whole file) is the user's message.
 */
public final class PromptTemplates {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([#^/]?)\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)\\s*}}");
    private static final String SYSTEM = "[system]";
    private static final String USER = "[user]";

    private final ClassLoader loader;
    private final Map<String, String> sources = new ConcurrentHashMap<>();

    public PromptTemplates() {
        this(PromptTemplates.class.getClassLoader());
    }

    PromptTemplates(ClassLoader loader) {
        this.loader = loader;
    }

    /** A rendered template: its system text (null when it has none) and the user's message. */
    public record Rendered(String system, String user) {
    }

    /** Renders the named template with the task's variables. */
    public Rendered render(String name, JsonNode vars) {
        String source = source(name);
        String text = renderText(name, source, vars == null || vars.isNull() ? com.fasterxml.jackson.databind.node
                .JsonNodeFactory.instance.objectNode() : vars);
        return split(text);
    }

    /** Whether a template of that name exists. */
    public boolean exists(String name) {
        try {
            source(name);
            return true;
        } catch (ProviderException e) {
            return false;
        }
    }

    private String source(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProviderException.invalidInput("template must be the name of a prompt template (lower-case letters, digits, dashes)");
        }
        String cached = sources.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = loader.getResourceAsStream("prompts/" + name + ".txt")) {
            if (in == null) {
                throw ProviderException.invalidInput("unknown prompt template '" + name
                        + "' (known: ad-script, lyrics, scene-prompts, social-copy, video-script)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sources.put(name, text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rendered split(String text) {
        String body = text.strip();
        if (body.startsWith(SYSTEM)) {
            int user = body.indexOf("\n" + USER);
            if (user < 0) {
                return new Rendered(null, body.substring(SYSTEM.length()).strip());
            }
            return new Rendered(body.substring(SYSTEM.length(), user).strip(), body.substring(user + USER.length() + 1).strip());
        }
        if (body.startsWith(USER)) {
            body = body.substring(USER.length());
        }
        return new Rendered(null, body.strip());
    }

    static String renderText(String template, String source, JsonNode vars) {
        StringBuilder out = new StringBuilder();
        renderInto(template, source, 0, source.length(), vars, out);
        return out.toString().replaceAll("\n{3,}", "\n\n");
    }

    private static void renderInto(String template, String source, int from, int to, JsonNode vars, StringBuilder out) {
        Matcher tag = TAG.matcher(source).region(from, to);
        int cursor = from;
        while (tag.find()) {
            out.append(source, cursor, tag.start());
            String kind = tag.group(1);
            String path = tag.group(2);
            if (kind.equals("/")) {
                throw new IllegalStateException("prompt template '" + template + "' closes {{/" + path + "}} that it never opened");
            }
            JsonNode value = lookup(template, vars, path);
            if (kind.isEmpty()) {
                out.append(text(value));
                cursor = tag.end();
                continue;
            }
            int close = closing(template, source, tag.end(), to, path);
            boolean show = kind.equals("#") == truthy(value);
            if (show) {
                renderInto(template, source, tag.end(), close, vars, out);
            }
            cursor = close + ("{{/" + path + "}}").length();
            tag.region(cursor, to);
        }
        out.append(source, cursor, to);
    }

    private static int closing(String template, String source, int from, int to, String path) {
        String end = "{{/" + path + "}}";
        int at = source.indexOf(end, from);
        if (at < 0 || at >= to) {
            throw new IllegalStateException("prompt template '" + template + "' opens a section {{" + path + "}} without {{/" + path + "}}");
        }
        return at;
    }

    private static JsonNode lookup(String template, JsonNode vars, String path) {
        JsonNode current = vars;
        for (String segment : path.split("\\.")) {
            if (current == null || !current.isObject() || !current.has(segment)) {
                throw ProviderException.invalidInput("prompt template '" + template + "' needs the variable '" + path
                        + "', which the task's vars do not have");
            }
            current = current.get(segment);
        }
        return current;
    }

    private static boolean truthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual()) {
            return !value.asText().isBlank();
        }
        if (value.isContainerNode()) {
            return value.size() > 0;
        }
        return true;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "(not given)";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
