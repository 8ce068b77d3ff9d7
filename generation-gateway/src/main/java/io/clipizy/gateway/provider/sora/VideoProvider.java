package io.clipizy.gateway.provider.sora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.llm.ApiHttp;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the two Sora adapters share: authenticated JSON calls through the provider's {@link ProviderGuard}, polling
 * that honours {@code openai-poll-after-ms} and {@code Retry-After}, downloads into the task's work directory through a
 * second guard with a longer attempt timeout, the job state kept for re-attaching (api flavour, base URL, model —
 * never the key), and best-effort deletes.
 */
public abstract class VideoProvider implements Provider {
    static final long MAX_IMAGE_BYTES = 25L * 1024 * 1024;
    private static final Duration MIN_POLL = Duration.ofMillis(50);
    private static final Duration MAX_POLL = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(VideoProvider.class);

    protected final VideoSettings settings;
    protected final HttpClient http;
    protected final ProviderGuard guard;
    protected final ProviderGuard downloads;
    private final ProviderGuard probeGuard;

    protected VideoProvider(VideoSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.guard = new ProviderGuard(settings.name(), settings.guard());
        this.downloads = new ProviderGuard(settings.name(), settings.downloads());
        this.probeGuard = new ProviderGuard(settings.name(), settings.guard()
                .withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)).withAttemptTimeout(Duration.ofSeconds(5)));
    }

    /** The API flavour recorded in the job state, so a job is only ever followed by the adapter that started it. */
    protected abstract String api();

    /** The path of a cheap listing call for the health probe. */
    protected abstract String probePath();

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Set<TaskKind> kinds() {
        return EnumSet.of(TaskKind.VIDEO_GENERATION);
    }

    @Override
    public boolean configured() {
        return settings.configured();
    }

    @Override
    public Uni<ProviderHealth> probe() {
        if (!configured()) {
            return Uni.createFrom().item(ProviderHealth.notConfigured(name()));
        }
        long started = System.nanoTime();
        return probeGuard.call(() -> send(request(probePath(), "limit=1").GET().build(), Set.of()))
                .map(reply -> new ProviderHealth(name(), true, true, (System.nanoTime() - started) / 1_000_000,
                        guard.lastError(), Instant.now()))
                .onFailure().recoverWithItem(failure -> new ProviderHealth(name(), true, false,
                        (System.nanoTime() - started) / 1_000_000, String.valueOf(failure.getMessage()), Instant.now()));
    }

    /** An answer of the API: status, headers, body. */
    protected record Reply(int status, HttpHeaders headers, String body) {
    }

    /** A request to {@code path} under the API base, with the api-version and extra query, authenticated. */
    protected HttpRequest.Builder request(String path, String query) {
        StringBuilder uri = new StringBuilder(settings.baseUrl()).append(path);
        String separator = "?";
        if (settings.apiVersion() != null) {
            uri.append(separator).append("api-version=").append(URLEncoder.encode(settings.apiVersion(), StandardCharsets.UTF_8));
            separator = "&";
        }
        if (query != null && !query.isEmpty()) {
            uri.append(separator).append(query);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString()));
        if (settings.azure()) {
            builder.header("api-key", settings.apiKey());
        } else {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        return builder;
    }

    protected HttpRequest.Builder postJson(String path, JsonNode body) {
        return request(path, null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    protected HttpRequest.Builder postMultipart(String path, Multipart form) {
        return request(path, null).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.build()));
    }

    /** One guarded call; a non-2xx status outside {@code tolerated} is a typed failure. */
    protected Uni<Reply> call(Supplier<HttpRequest> request, Set<Integer> tolerated) {
        return guard.call(() -> send(request.get(), tolerated));
    }

    private Uni<Reply> send(HttpRequest request, Set<Integer> tolerated) {
        return ApiHttp.sendForText(http, request).map(response -> {
            if (!ApiHttp.ok(response.statusCode()) && !tolerated.contains(response.statusCode())) {
                throw ApiHttp.failure(name(), response.statusCode(), response.headers(), response.body());
            }
            return new Reply(response.statusCode(), response.headers(), response.body());
        });
    }

    protected JsonNode json(Reply reply) {
        return ApiHttp.json(name(), reply.body());
    }

    /**
     * Polls until {@code outcome} answers non-null (it may also throw the job's typed failure); between polls waits
     * what the API asked ({@code openai-poll-after-ms}, else {@code Retry-After}), else the configured interval.
     */
    protected <T> Uni<T> pollUntil(Supplier<HttpRequest> poll, BiFunction<JsonNode, Integer, T> outcome) {
        return pollFrom(poll, outcome, 0);
    }

    private <T> Uni<T> pollFrom(Supplier<HttpRequest> poll, BiFunction<JsonNode, Integer, T> outcome, int round) {
        return call(poll, Set.of()).chain(reply -> {
            T done = outcome.apply(json(reply), round);
            if (done != null) {
                return Uni.createFrom().item(done);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(nextPoll(reply.headers()))
                    .chain(() -> pollFrom(poll, outcome, round + 1));
        });
    }

    Duration nextPoll(HttpHeaders headers) {
        Duration hint = ApiHttp.pollAfter(headers);
        if (hint == null) {
            hint = ApiHttp.retryAfter(headers);
        }
        Duration wait = hint == null ? settings.pollInterval() : hint;
        return wait.compareTo(MIN_POLL) < 0 ? MIN_POLL : wait.compareTo(MAX_POLL) > 0 ? MAX_POLL : wait;
    }

    /** Downloads one content URL of the API into the work directory, through the download guard. */
    protected Uni<ProviderResult.Output> download(String path, String query, Path workDir, String fileName) {
        return downloads.call(() -> {
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                return Uni.createFrom().failure(new UncheckedIOException(e));
            }
            return ApiHttp.download(name(), http, request(path, query).GET().build(), workDir.resolve(fileName));
        }).map(file -> new ProviderResult.Output(file.file(), MediaKind.VIDEO,
                file.contentType().startsWith("video/") ? file.contentType() : "video/mp4", fileName));
    }

    /** A best-effort delete: 404 means already gone; other failures are logged, never thrown. */
    protected Uni<Void> deleteQuietly(String path) {
        return call(() -> request(path, null).DELETE().build(), Set.of(404))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("%s: could not delete %s: %s", name(), path, failure.getMessage());
                    return null;
                }).replaceWithVoid();
    }

    /** The job state kept with the task: enough to re-attach, never the key. */
    protected ObjectNode state() {
        ObjectNode state = JsonCodec.mapper().createObjectNode();
        state.put("api", api()).put("baseUrl", settings.baseUrl()).put("model", settings.model());
        return state;
    }

    /** Refuses to follow a job another adapter, or another endpoint than the configured one, started. */
    protected void checkJob(ProviderJob job) {
        if (job == null || job.jobIds().isEmpty()) {
            throw ProviderException.rejected(name() + " has no job id to follow");
        }
        if (!api().equals(job.state().path("api").asText())) {
            throw ProviderException.rejected(name() + " cannot follow a job of another API ("
                    + job.state().path("api").asText("unknown") + ")");
        }
        String startedOn = job.state().path("baseUrl").asText("");
        if (!startedOn.equals(settings.baseUrl())) {
            throw ProviderException.rejected("The job was started on " + startedOn + ", which is no longer the configured "
                    + name() + " endpoint; its result cannot be fetched");
        }
    }

    /** Reads an input image for image-to-video (on a worker thread) after checking it is one. */
    protected Uni<Image> image(ProviderCall call, java.util.UUID id) {
        if (call.inputs() == null) {
            return Uni.createFrom().failure(ProviderException.invalidInput("this task cannot read input media"));
        }
        return call.inputs().fetch(id).chain(media -> Uni.createFrom().item(() -> read(media))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** An input image read into memory. */
    protected record Image(String fileName, String contentType, byte[] bytes) {
    }

    private static Image read(InputMedia.LocalMedia media) {
        String type = media.contentType() == null ? "" : media.contentType().split(";")[0].strip();
        if (media.kind() != MediaKind.IMAGE || !type.startsWith("image/")) {
            throw ProviderException.invalidInput("media " + media.mediaId() + " is not an image; image-to-video needs one");
        }
        try {
            if (Files.size(media.file()) > MAX_IMAGE_BYTES) {
                throw ProviderException.invalidInput("the image is larger than " + (MAX_IMAGE_BYTES >> 20) + " MB");
            }
            String extension = type.substring("image/".length()).replace("jpeg", "jpg");
            return new Image("reference." + extension, type, Files.readAllBytes(media.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The call's progress sink, or one that ignores reports. */
    protected static ProgressSink progress(ProviderCall call) {
        return call.progress() == null ? ProgressSink.NONE : call.progress();
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
