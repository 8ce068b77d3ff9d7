package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.kit.llm.ModelAnswers;
import io.clipizy.gateway.provider.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a model's answer the way agent mode needs it: {@code <think>} blocks removed, the JSON object found even inside
 * a code fence or prose, parsed, and validated against the caller's JSON Schema. A schema may only refer to itself
 * and the standard meta-schemas: a {@code $ref} to a URL is refused, so a task cannot make the gateway fetch anything.
 */
public final class JsonAnswer {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.add(
                    new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:")))));
    private static final int CACHE_LIMIT = 256;
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private JsonAnswer() {
    }

    /**
     * The answer read for a task: {@code text} without thinking, and {@code json} only when one was asked for and the
     * answer holds a valid one; otherwise {@code problems} says why, in sentences that can be shown to the model.
     */
    public record Extracted(String text, JsonNode json, List<String> problems) {
        public Extracted {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }

    /** The answer with {@code <think>…</think>} blocks (closed or not, or only closed) removed and trimmed. */
    public static String withoutThinking(String answer) {
        return ModelAnswers.withoutThinking(answer);
    }

    /** Reads the answer; {@code schema} null means JSON mode (any object), {@code wantJson} false means text only. */
    public static Extracted read(String answer, boolean wantJson, JsonNode schema) {
        String text = withoutThinking(answer);
        if (!wantJson && schema == null) {
            return new Extracted(text, null, List.of());
        }
        JsonNode value = ModelAnswers.firstParsableObject(text);
        if (value == null) {
            return new Extracted(text, null, List.of("The answer contained no JSON object. Answer with one JSON object only."));
        }
        if (schema == null) {
            return new Extracted(text, value, List.of());
        }
        Set<ValidationMessage> messages = compile(schema).validate(value);
        if (!messages.isEmpty()) {
            return new Extracted(text, null, messages.stream().map(ValidationMessage::getMessage).sorted().toList());
        }
        return new Extracted(text, value, List.of());
    }

    /** Compiles (and caches) a schema; one that cannot be used is the task's invalid input. */
    public static JsonSchema compile(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw ProviderException.invalidInput("outputSchema must be a JSON Schema object");
        }
        String key = schema.toString();
        JsonSchema cached = COMPILED.get(key);
        if (cached != null) {
            return cached;
        }
        JsonSchema compiled;
        try {
            compiled = FACTORY.getSchema(schema);
            compiled.initializeValidators();
        } catch (RuntimeException e) {
            throw ProviderException.invalidInput("outputSchema is not a usable JSON Schema (only local references are "
                    + "allowed): " + ApiHttp.clip(String.valueOf(e.getMessage())));
        }
        if (COMPILED.size() >= CACHE_LIMIT) {
            COMPILED.clear();
        }
        COMPILED.put(key, compiled);
        return compiled;
    }
}
