package io.clipizy.kit.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finding the JSON object in a language model's answer, the one way every service does it (the workflow's agent mode,
 * the chat's intent reading, the gateway's LLM providers): {@code <think>} blocks removed (closed, cut off, or only
 * their closing tag left), code fences looked into, and balanced {@code {...}} candidates found with strings and
 * escapes respected.
 */
public final class ModelAnswers {
    private static final Pattern THINK = Pattern.compile("(?is)<think>.*?(?:</think>|\\z)");
    private static final Pattern UNOPENED_THINK = Pattern.compile("(?is)^.*?</think>");
    private static final Pattern FENCE = Pattern.compile("(?s)```[A-Za-z0-9_-]*\\s*\\n?(.*?)```");
    private static final int MAX_CANDIDATES = 16;

    private ModelAnswers() {
    }

    /** The answer with its thinking removed, trimmed; null is the empty answer. */
    public static String withoutThinking(String answer) {
        String text = answer == null ? "" : answer;
        text = THINK.matcher(text).replaceAll("");
        if (text.contains("</think>")) {
            text = UNOPENED_THINK.matcher(text).replaceFirst("");
        }
        return text.strip();
    }

    /** The content of the first code fence, trimmed, or the text itself when it has none. */
    public static String unfenced(String text) {
        Matcher fence = FENCE.matcher(text);
        return fence.find() ? fence.group(1).strip() : text;
    }

    /** The first balanced {@code {...}} in the text, or null. */
    public static String firstBalancedObject(String text) {
        List<String> found = balancedObjects(text);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The first candidate that parses as a JSON object: fenced blocks first, then the whole text; null when none. */
    public static JsonNode firstParsableObject(String text) {
        List<String> places = new ArrayList<>();
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            places.add(fence.group(1));
        }
        places.add(text);
        for (String place : places) {
            for (String candidate : balancedObjects(place)) {
                try {
                    JsonNode node = JsonCodec.mapper().readTree(candidate);
                    if (node != null && node.isObject()) {
                        return node;
                    }
                } catch (Exception notJson) {
                    // try the next balanced candidate
                }
            }
        }
        return null;
    }

    /** Every balanced {@code {...}} starting at a brace, in order (at most 16). */
    static List<String> balancedObjects(String text) {
        List<String> found = new ArrayList<>();
        int start = text.indexOf('{');
        while (start >= 0 && found.size() < MAX_CANDIDATES) {
            int end = balancedEnd(text, start);
            if (end >= 0) {
                found.add(text.substring(start, end + 1));
            }
            start = text.indexOf('{', start + 1);
        }
        return found;
    }

    private static int balancedEnd(String text, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
