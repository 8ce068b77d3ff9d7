package io.clipizy.gateway.provider.llm;

import io.clipizy.gateway.provider.ProviderGuard;

/**
 * What a chat adapter needs, independent of how it was configured (so tests build it directly).
 *
 * @param baseUrl     the API base without a trailing slash; null when unconfigured
 * @param apiKey      null when the API takes none
 * @param azure       authenticate with {@code api-key} instead of {@code Authorization: Bearer}
 * @param apiVersion  an {@code api-version} query parameter, or null
 * @param visionModel the model for requests with images; null means {@code model}
 * @param keepAlive   Ollama's {@code keep_alive}, or null
 */
public record ChatSettings(String name, String baseUrl, String apiKey, boolean azure, String apiVersion, String model,
                           String visionModel, boolean stream, String keepAlive, ProviderGuard.Settings guard) {
    public ChatSettings {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip().replaceAll("/+$", "");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.strip();
        visionModel = visionModel == null || visionModel.isBlank() ? null : visionModel.strip();
        keepAlive = keepAlive == null || keepAlive.isBlank() ? null : keepAlive.strip();
    }

    static ChatSettings of(OllamaConfig c) {
        return new ChatSettings(OllamaProvider.NAME, c.url().orElse(null), c.apiKey().orElse(null), false, null, c.model(),
                c.visionModel().orElse(null), c.stream(), c.keepAlive().orElse(null), c.guardSettings(c.attemptTimeout()));
    }

    static ChatSettings of(OpenAiChatConfig c) {
        return new ChatSettings(OpenAiChatProvider.NAME, c.url().orElse(null), c.apiKey().orElse(null), c.azure(),
                c.apiVersion().orElse(null), c.model(), c.visionModel().orElse(null), c.stream(), null,
                c.guardSettings(c.attemptTimeout()));
    }

    /** The model a request uses: the vision model when it carries images and one is configured. */
    public String modelFor(boolean withImages) {
        return withImages && visionModel != null ? visionModel : model;
    }
}
