package io.clipizy.gateway.provider.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the {@code ollama} provider; absent {@code url} leaves it unconfigured. */
@ConfigMapping(prefix = "clipizy.providers.ollama")
public interface OllamaConfig extends GuardConfig {
    /** The server, e.g. {@code http://localhost:11434}. */
    Optional<String> url();

    /** A bearer token, for an Ollama behind an authenticating proxy; a plain Ollama needs none. */
    Optional<String> apiKey();

    @WithDefault("mistral:7b")
    String model();

    /** The model for images (llava, llama3.2-vision, qwen2.5vl...); the text model when absent. */
    Optional<String> visionModel();

    /** Stream answers (progress while tokens arrive) rather than wait for the whole answer. */
    @WithDefault("true")
    boolean stream();

    /** How long Ollama keeps the model loaded after a call (its {@code keep_alive}, e.g. {@code 5m}). */
    Optional<String> keepAlive();

    /** One attempt's limit, the whole streamed answer included. */
    @WithDefault("PT3M")
    Duration attemptTimeout();
}
