package io.clipizy.gateway.provider.llm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Makes the chat providers CDI beans from their configuration. The adapters themselves are plain classes built from a
 * settings record and an HTTP client, so their tests run without a container; {@code @Singleton} because a constructed
 * object needs no client proxy.
 */
@ApplicationScoped
public class ChatProviders {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Produces
    @Singleton
    OllamaProvider ollama(OllamaConfig config) {
        return new OllamaProvider(ChatSettings.of(config), ApiHttp.newClient(CONNECT_TIMEOUT));
    }

    @Produces
    @Singleton
    OpenAiChatProvider openAiChat(OpenAiChatConfig config) {
        return new OpenAiChatProvider(ChatSettings.of(config), ApiHttp.newClient(CONNECT_TIMEOUT));
    }
}
