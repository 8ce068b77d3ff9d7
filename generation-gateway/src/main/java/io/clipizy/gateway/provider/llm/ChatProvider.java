package io.clipizy.gateway.provider.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the chat adapters share: {@code text_generation} and {@code image_description} as one chat request built by
 * {@link ChatPrompts}, sent through the provider's {@link ProviderGuard} within the task's deadline, and the answer
 * read by {@link JsonAnswer}. A chat answer cannot be re-attached to after a restart, so jobs are inline: the work
 * happens in {@link #follow}, and cancelling the task cancels its subscription, which aborts the HTTP exchange.
 * Subclasses speak one wire protocol each.
 */
public abstract class ChatProvider implements Provider {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    protected final ChatSettings settings;
    protected final HttpClient http;
    protected final ProviderGuard guard;
    protected final ProviderGuard probeGuard;
    private final ChatPrompts prompts;

    protected ChatProvider(ChatSettings settings, HttpClient http, PromptTemplates templates) {
        this.settings = settings;
        this.http = http;
        this.guard = new ProviderGuard(settings.name(), settings.guard());
        this.probeGuard = new ProviderGuard(settings.name(), settings.guard()
                .withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)).withAttemptTimeout(PROBE_TIMEOUT));
        this.prompts = new ChatPrompts(templates);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Set<TaskKind> kinds() {
        return EnumSet.of(TaskKind.TEXT_GENERATION, TaskKind.IMAGE_DESCRIPTION);
    }

    @Override
    public boolean configured() {
        return settings.baseUrl() != null;
    }

    @Override
    public Uni<ProviderJob> start(ProviderCall call) {
        if (!configured()) {
            return Uni.createFrom().failure(ProviderException.unavailable(name() + " is not configured", null, null));
        }
        return Uni.createFrom().item(ProviderJob.inline(name()));
    }

    @Override
    public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
        if (!configured()) {
            return Uni.createFrom().failure(ProviderException.unavailable(name() + " is not configured", null, null));
        }
        ProgressSink progress = call.progress() == null ? ProgressSink.NONE : call.progress();
        Uni<ProviderResult> work = prompts.build(call).chain(request -> {
            String model = settings.modelFor(request.hasImages());
            progress.report(0.02, "Asking " + model + (request.hasImages() ? " about the image" : ""));
            return guard.call(() -> exchange(request, model, progress)).map(answer -> result(request, model, answer, progress));
        });
        return ApiHttp.withinDeadline(work, call.deadline(), name() + "'s answer");
    }

    @Override
    public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<ProviderHealth> probe() {
        if (!configured()) {
            return Uni.createFrom().item(ProviderHealth.notConfigured(name()));
        }
        long started = System.nanoTime();
        return probeGuard.call(this::check)
                .map(problem -> new ProviderHealth(name(), true, true, (System.nanoTime() - started) / 1_000_000,
                        problem != null ? problem : guard.lastError(), Instant.now()))
                .onFailure().recoverWithItem(failure -> new ProviderHealth(name(), true, false,
                        (System.nanoTime() - started) / 1_000_000, ApiHttp.clip(String.valueOf(failure.getMessage())), Instant.now()));
    }

    /** One attempt at the chat call; failures typed (the guard retries the retryable ones). */
    protected abstract Uni<ChatAnswer> exchange(ChatRequest request, String model, ProgressSink progress);

    /** A cheap call to the API; answers a problem worth reporting (a missing model) or null, fails when unreachable. */
    protected abstract Uni<String> check();

    private ProviderResult result(ChatRequest request, String model, ChatAnswer answer, ProgressSink progress) {
        JsonAnswer.Extracted read = JsonAnswer.read(answer.content(), request.json(), request.schema());
        ObjectNode result = JsonCodec.mapper().createObjectNode();
        result.put("text", read.text());
        if (read.json() != null) {
            result.set("json", read.json());
        }
        if (!read.problems().isEmpty()) {
            ArrayNode problems = result.putArray("jsonProblems");
            if ("length".equals(answer.finishReason())) {
                problems.add("The answer was cut off at the model's length limit before the JSON was complete.");
            }
            read.problems().forEach(problems::add);
        }
        result.put("provider", name());
        result.put("model", answer.model() == null || answer.model().isBlank() ? model : answer.model());
        if (answer.finishReason() != null) {
            result.put("finishReason", answer.finishReason());
        }
        if (answer.promptTokens() != null || answer.completionTokens() != null) {
            ObjectNode usage = result.putObject("usage");
            if (answer.promptTokens() != null) {
                usage.put("promptTokens", answer.promptTokens());
            }
            if (answer.completionTokens() != null) {
                usage.put("completionTokens", answer.completionTokens());
            }
        }
        progress.report(1.0, read.problems().isEmpty() ? "Answer received" : "Answer received, but it is not the JSON asked for");
        return new ProviderResult(java.util.List.of(), result);
    }

    /** Progress while tokens arrive: the share grows with the tokens so far, never reaching 1 before the end. */
    protected static final class TokenProgress {
        private static final int EVERY = 16;
        private final ProgressSink sink;
        private int tokens;

        protected TokenProgress(ProgressSink sink) {
            this.sink = sink;
        }

        protected void token() {
            tokens++;
            if (tokens == 1) {
                sink.report(0.1, "The model is writing");
            } else if (tokens % EVERY == 0) {
                sink.report(0.1 + 0.85 * (1 - Math.exp(-tokens / 400.0)), "Writing the answer (" + tokens + " tokens so far)");
            }
        }
    }
}
