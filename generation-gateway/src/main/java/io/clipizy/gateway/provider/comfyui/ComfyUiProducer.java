package io.clipizy.gateway.provider.comfyui;

import io.quarkus.runtime.Startup;
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
 * Makes the {@code comfyui} provider bean from configuration. The graph templates are loaded eagerly at start-up so a
 * broken template (an unknown slot, a missing file) stops the service with a clear message.
 */
@ApplicationScoped
public class ComfyUiProducer {

    @Produces
    @Singleton
    @Startup
    GraphTemplates graphTemplates(ComfyUiConfig config) {
        return GraphTemplates.load(Thread.currentThread().getContextClassLoader(), config.templateVersions());
    }

    @Produces
    @Singleton
    @Named("comfyui-web-client")
    WebClient comfyUiWebClient(Vertx vertx, ComfyUiConfig config) {
        return WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("clipizy-generation-gateway")
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setMaxPoolSize(Math.max(8, config.maxConcurrency() * 4))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.attemptTimeout().toMillis()))
                .setFollowRedirects(false));
    }

    void close(@Disposes @Named("comfyui-web-client") WebClient client) {
        client.close();
    }

    @Produces
    @Singleton
    ComfyUiProvider comfyUi(Vertx vertx, @Named("comfyui-web-client") WebClient web, ComfyUiConfig config,
                            GraphTemplates templates) {
        return new ComfyUiProvider(vertx, web, ComfyUiSettings.from(config), templates);
    }
}
