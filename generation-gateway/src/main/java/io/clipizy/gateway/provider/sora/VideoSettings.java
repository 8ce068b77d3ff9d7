package io.clipizy.gateway.provider.sora;

import io.clipizy.gateway.provider.ProviderGuard;
import java.time.Duration;

/**
 * What a video adapter needs, independent of how it was configured (tests build it directly).
 *
 * @param baseUrl      the API base without a trailing slash; null when unconfigured
 * @param azure        authenticate with {@code api-key} rather than {@code Authorization: Bearer}
 * @param apiVersion   the {@code api-version} query parameter, or null
 * @param pollInterval the wait between status polls when the API gives no hint
 * @param guard        protection of API calls (create, status, delete)
 * @param downloads    protection of content downloads (a longer attempt timeout)
 */
public record VideoSettings(String name, String baseUrl, String apiKey, boolean azure, String apiVersion, String model,
                            Duration pollInterval, boolean deleteAfterDownload, ProviderGuard.Settings guard,
                            ProviderGuard.Settings downloads) {
    public VideoSettings {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip().replaceAll("/+$", "");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.strip();
    }

    static VideoSettings of(SoraConfig c) {
        return new VideoSettings(SoraJobsProvider.NAME, c.url().orElse(null), c.apiKey().orElse(null), true, c.apiVersion(),
                c.model(), c.pollInterval(), c.deleteAfterDownload(), c.guardSettings(c.attemptTimeout()),
                c.guardSettings(c.downloadTimeout()));
    }

    static VideoSettings of(OpenAiVideosConfig c) {
        return new VideoSettings(OpenAiVideosProvider.NAME, c.url().orElse(null), c.apiKey().orElse(null), c.azure(),
                c.apiVersion().orElse(null), c.model(), c.pollInterval(), c.deleteAfterDownload(),
                c.guardSettings(c.attemptTimeout()), c.guardSettings(c.downloadTimeout()));
    }

    public boolean configured() {
        return baseUrl != null && apiKey != null;
    }
}
