package io.clipizy.gateway.provider.sora;

import io.clipizy.gateway.provider.llm.ApiHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Makes the Sora video providers CDI beans from their configuration; the adapters are plain classes (tested without a
 * container), {@code @Singleton} because a constructed object needs no client proxy.
 */
@ApplicationScoped
public class VideoProviders {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Produces
    @Singleton
    SoraJobsProvider sora(SoraConfig config) {
        return new SoraJobsProvider(VideoSettings.of(config), ApiHttp.newClient(CONNECT_TIMEOUT));
    }

    @Produces
    @Singleton
    OpenAiVideosProvider openAiVideos(OpenAiVideosConfig config) {
        return new OpenAiVideosProvider(VideoSettings.of(config), ApiHttp.newClient(CONNECT_TIMEOUT));
    }
}
