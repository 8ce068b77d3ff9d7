package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /api/v1/videos/prompt/enhance}: rewrites a short idea into a detailed video-generation prompt with the
 * configured text model. There is no pretend fallback: without a text model it is a 503 that says what to configure.
 */
@ApplicationScoped
public class PromptService {
    static final String SYSTEM = "You improve prompts for AI video generators. Rewrite the user's idea as one detailed "
            + "prompt of at most 120 words: the subject, the action, the setting, the camera (shot size, movement, "
            + "lens), the lighting and the mood, in plain descriptive sentences. Keep every concrete detail the user "
            + "gave and invent nothing that contradicts it. Answer with the prompt only, without quotes or preamble.";

    @Inject
    DirectProviders direct;

    /** The original prompt, the enhanced one, and which provider and model wrote it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Enhanced(String prompt, String enhancedPrompt, String provider, String model) {
    }

    public Uni<Enhanced> enhance(String ownerId, String prompt, Path workDir) {
        Provider provider = direct.find(TaskKind.TEXT_GENERATION).orElseThrow(() -> new ProblemException(
                ProblemType.DEPENDENCY_UNAVAILABLE, "Prompt enhancement needs a text model and none is configured: set "
                + "clipizy.providers.ollama.url (a local Ollama) or clipizy.providers.openai-chat.url and "
                + "clipizy.providers.openai-chat.api-key (an OpenAI-compatible chat API)"));
        ObjectNode params = JsonCodec.mapper().createObjectNode()
                .put("system", SYSTEM)
                .put("prompt", prompt.strip())
                .put("temperature", 0.7);
        return direct.call(provider, TaskKind.TEXT_GENERATION, ownerId, params, Map.of(), workDir, Duration.ofSeconds(90))
                .map(answer -> {
                    String text = clean(answer == null ? "" : answer.path("text").asText(""));
                    if (text.isEmpty()) {
                        throw new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, provider.name()
                                + " answered with an empty prompt; try again");
                    }
                    return new Enhanced(prompt.strip(), text, text(answer, "provider", provider.name()),
                            text(answer, "model", null));
                });
    }

    private static String text(JsonNode answer, String field, String fallback) {
        return answer != null && answer.hasNonNull(field) ? answer.get(field).asText() : fallback;
    }

    /** The answer without reasoning blocks, a leading label or wrapping quotes. */
    static String clean(String text) {
        String out = text.replaceAll("(?s)<think>.*?</think>", "").strip();
        out = out.replaceFirst("(?i)^(enhanced\\s+)?prompt\\s*:\\s*", "");
        if (out.length() >= 2 && (out.startsWith("\"") && out.endsWith("\"")
                || out.startsWith("\u201c") && out.endsWith("\u201d"))) {
            out = out.substring(1, out.length() - 1).strip();
        }
        return out;
    }
}
