package io.clipizy.gateway.provider.runpod;

import io.clipizy.gateway.provider.comfyui.ComfyUiConfig;
import io.clipizy.gateway.provider.comfyui.GraphTemplates;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Makes the {@code runpod} provider bean from configuration. Its worker-comfyui endpoints render the same graph
 * templates as the {@code comfyui} provider, with the model files named under {@code clipizy.providers.comfyui.models}.
 */
@ApplicationScoped
public class RunPodProducer {

    @Produces
    @Singleton
    @Named("runpod-web-client")
    WebClient runPodWebClient(Vertx vertx, RunPodConfig config) {
        return WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("clipizy-generation-gateway")
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setMaxPoolSize(Math.max(8, config.maxConcurrency() * 4))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.attemptTimeout().toMillis()))
                .setFollowRedirects(true));
    }

    void close(@Disposes @Named("runpod-web-client") WebClient client) {
        client.close();
    }

    @Produces
    @Singleton
    RunPodProvider runPod(Vertx vertx, @Named("runpod-web-client") WebClient web, RunPodConfig config,
                          ComfyUiConfig comfyUi, GraphTemplates templates, RunPodWebhooks webhooks) {
        return new RunPodProvider(vertx, web, RunPodSettings.from(config), templates, comfyUi.models(), webhooks);
    }
}
