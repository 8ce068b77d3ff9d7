package io.clipizy.gateway.provider.sora;

import io.clipizy.gateway.provider.llm.GuardConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the {@code sora} provider, Azure OpenAI's preview video generation jobs API. Unconfigured unless
 * both {@code url} ({@code https://<resource>.openai.azure.com/openai/v1}) and {@code api-key} are set.
 */
@ConfigMapping(prefix = "clipizy.providers.sora")
public interface SoraConfig extends GuardConfig {
    Optional<String> url();

    Optional<String> apiKey();

    /** The Sora deployment name sent as {@code model}. */
    @WithDefault("sora")
    String model();

    @WithDefault("preview")
    String apiVersion();

    /** How often a running job is polled when the API gives no hint. */
    @WithDefault("PT5S")
    Duration pollInterval();

    /** One status or create call's limit. */
    @WithDefault("PT30S")
    Duration attemptTimeout();

    /** One download's limit. */
    @WithDefault("PT5M")
    Duration downloadTimeout();

    /** Delete the job at the provider once its videos are downloaded (they are ours then). */
    @WithDefault("true")
    boolean deleteAfterDownload();
}
