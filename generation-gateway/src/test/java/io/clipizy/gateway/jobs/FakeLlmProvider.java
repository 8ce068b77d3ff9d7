package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * A test-only provider standing in for an LLM adapter (Ollama / OpenAI-compatible chat), as the llm adapters answer:
 * {@code text_generation} → {@code {"text", "provider", "model"}} with a reasoning block to strip, and
 * {@code image_description} → a JSON answer wrapped in a code fence, after really fetching and decoding the image it
 * was given. Off (not configured) unless a test switches it on, so other tests see a gateway without an LLM.
 */
@ApplicationScoped
public class FakeLlmProvider implements Provider {
    /** A credential the provider holds; it must never reach a response. */
    static final String SECRET = "sk-test-SECRET1234567890";
    static volatile boolean enabled;
    static volatile int lastImageWidth;
    static volatile int lastImageHeight;
    static volatile String lastPrompt;

    @Override
    public String name() {
        return "test-llm";
    }

    @Override
    public Set<TaskKind> kinds() {
        return Set.of(TaskKind.TEXT_GENERATION, TaskKind.IMAGE_DESCRIPTION);
    }

    @Override
    public boolean configured() {
        return enabled;
    }

    @Override
    public Uni<ProviderHealth> probe() {
        // a careless upstream error message that quotes the key: the status page must scrub it
        return Uni.createFrom().item(new ProviderHealth(name(), configured(), configured(), 12L,
                "401 from https://user:hunter2@llm.example/v1 with api-key=" + SECRET, Instant.now()));
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        return Uni.createFrom().item(ProviderJob.inline(name()));
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        ObjectNode result = JsonCodec.mapper().createObjectNode().put("provider", name()).put("model", "fake-vision-1");
        if (call.kind() == TaskKind.TEXT_GENERATION) {
            lastPrompt = call.params().path("prompt").asText();
            result.put("text", "<think>the user wants more detail</think>\nPrompt: \"A slow dolly shot of "
                    + lastPrompt + ", golden hour light, shallow depth of field\"");
            return Uni.createFrom().item(new ProviderResult(null, result));
        }
        return call.inputs().fetch(UUID.fromString(call.params().path("image").asText())).map(media -> {
            try {
                BufferedImage image = ImageIO.read(media.file().toFile());
                if (image == null) {
                    throw ProviderException.invalidInput("not an image");
                }
                lastImageWidth = image.getWidth();
                lastImageHeight = image.getHeight();
            } catch (IOException e) {
                throw ProviderException.invalidInput("unreadable image");
            }
            result.put("text", "Here is the analysis:\n```json\n{\"summary\": \"A red screen cuts to a blue one.\", "
                    + "\"products\": [], \"tags\": [\"red\", \"blue\", \"minimal\"], \"feedback\": "
                    + "[\"Add a subject\", \"Hold the blue shot longer\"]}\n```");
            return new ProviderResult(null, result);
        });
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        return Uni.createFrom().voidItem();
    }
}
