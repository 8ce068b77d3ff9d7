package io.clipizy.gateway.provider.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the {@code openai-chat} provider: any OpenAI-compatible chat completions API (OpenAI, vLLM,
 * llama.cpp, LM Studio...) or Azure OpenAI. {@code url} is the API base as the OpenAI SDKs take it
 * ({@code https://api.openai.com/v1}, {@code http://localhost:8000/v1},
 * {@code https://<resource>.openai.azure.com/openai/v1}).
 */
@ConfigMapping(prefix = "clipizy.providers.openai-chat")
public interface OpenAiChatConfig extends GuardConfig {
    Optional<String> url();

    /** Sent as {@code Authorization: Bearer}, or as {@code api-key} for Azure. Local servers may need none. */
    Optional<String> apiKey();

    /** Azure OpenAI: authenticate with the {@code api-key} header; {@code model} is the deployment name. */
    @WithDefault("false")
    boolean azure();

    /** An {@code api-version} query parameter, for Azure API versions that need one. */
    Optional<String> apiVersion();

    @WithDefault("gpt-4o-mini")
    String model();

    /** The model (deployment) for images; the text model when absent. */
    Optional<String> visionModel();

    @WithDefault("true")
    boolean stream();

    @WithDefault("PT3M")
    Duration attemptTimeout();
}
