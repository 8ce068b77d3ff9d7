package io.clipizy.gateway.provider.sora;

import io.clipizy.gateway.provider.llm.GuardConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the {@code openai-videos} provider, the OpenAI / Azure OpenAI Videos API (Sora 2). {@code url} is
 * the API base ({@code https://api.openai.com/v1} or {@code https://<resource>.openai.azure.com/openai/v1});
 * unconfigured unless it and {@code api-key} are set.
 */
@ConfigMapping(prefix = "clipizy.providers.openai-videos")
public interface OpenAiVideosConfig extends GuardConfig {
    Optional<String> url();

    Optional<String> apiKey();

    /** Azure OpenAI: authenticate with the {@code api-key} header instead of a bearer token. */
    @WithDefault("false")
    boolean azure();

    Optional<String> apiVersion();

    /** {@code sora-2} or {@code sora-2-pro} (or the Azure deployment name). */
    @WithDefault("sora-2")
    String model();

    /** How often a running video is polled when the API sends no {@code openai-poll-after-ms}. */
    @WithDefault("PT10S")
    Duration pollInterval();

    @WithDefault("PT30S")
    Duration attemptTimeout();

    @WithDefault("PT5M")
    Duration downloadTimeout();

    /** Delete the video at the provider once downloaded, unless the task asks to keep it for a remix. */
    @WithDefault("true")
    boolean deleteAfterDownload();
}
