package io.clipizy.gateway.provider.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderGuard;
import io.clipizy.gateway.provider.comfyui.ProviderHttp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * RunPod's serverless queue API as PROVIDERS.md describes it ({@code /run}, {@code /status}, {@code /stream},
 * {@code /cancel}, {@code /health}), every call through the provider's {@link ProviderGuard}s. A {@code /status} 404 is a
 * job RunPod no longer has (its ttl passed): {@link LostJobException}, never retried.
 */
final class RunPodClient {
    static final String NAME = "runpod";
    /** RunPod refuses request bodies over 10 MB. */
    static final int MAX_BODY = 10 * 1024 * 1024;

    private final Vertx vertx;
    private final WebClient web;
    private final RunPodSettings settings;
    private final ProviderGuard guard;
    private final ProviderGuard downloads;
    private final ProviderGuard quick;

    RunPodClient(Vertx vertx, WebClient web, RunPodSettings settings) {
        this.vertx = vertx;
        this.web = web;
        this.settings = settings;
        this.guard = new ProviderGuard(NAME, settings.guard());
        this.downloads = new ProviderGuard(NAME, settings.guard().withAttemptTimeout(settings.downloadTimeout()));
        this.quick = new ProviderGuard(NAME, settings.guard()
                .withRetries(0, settings.guard().initialBackoff(), settings.guard().maxBackoff())
                .withAttemptTimeout(min(settings.guard().attemptTimeout(), Duration.ofSeconds(10))));
    }

    ProviderGuard guard() {
        return guard;
    }

    /** {@code POST /run}: answers the job id. */
    Uni<String> run(String endpointId, ObjectNode body) {
        Buffer payload = Buffer.buffer(body.toString());
        if (payload.length() > MAX_BODY) {
            return Uni.createFrom().failure(ProviderException.invalidInput("The task's inputs make a "
                    + payload.length() / (1024 * 1024) + " MB request; RunPod accepts at most 10 MB"));
        }
        return guard.callAtMostOnce(() -> api(HttpMethod.POST, endpointId, "/run", guard).sendBuffer(payload)
                .map(response -> {
                    int status = response.statusCode();
                    if ((status < 200 || status >= 300) && status != 502 && status != 504) {
                        // RunPod itself answered and refused: no job was queued, so sending it again is safe
                        ProviderException refused = ProviderHttp.failure(NAME, "POST /run", status,
                                response.getHeader("Retry-After"), response.body());
                        throw new NotQueued(refused);
                    }
                    JsonNode json = ProviderHttp.json(NAME, "POST /run", response);
                    String id = json.path("id").asText("");
                    if (id.isEmpty()) {
                        throw ProviderException.rejected(NAME + " accepted the job but sent no id");
                    }
                    return id;
                }), RunPodClient::notQueued, RunPodClient::maybeQueued);
    }

    /**
     * Whether a failed {@code POST /run} certainly queued nothing: RunPod refused it in an answer of its own, or no
     * connection was made. A timeout, a connection dropped after the request went out, or a proxy's 502/504 leave it
     * open whether RunPod queued the job.
     */
    static boolean notQueued(Throwable failure) {
        if (failure instanceof NotQueued) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A {@code POST /run} that may have queued a job we never learnt the id of. RunPod's queue API has no idempotency
     * key and no way to find a job by anything of ours (PROVIDERS.md: {@code /run}, {@code /status/{id}},
     * {@code /cancel/{id}} only), so sending it again could start a second, paid job: the call ends here, not retried
     * here and not handed to the next provider, and the task fails with this message.
     */
    static ProviderException maybeQueued(ProviderException failure) {
        return new ProviderException(failure.code(), "RunPod did not confirm POST /run (" + failure.getMessage()
                + "); it may have queued the job, and RunPod offers no idempotency key or job lookup, so it is not "
                + "sent again", false, null, failure);
    }

    /** RunPod's own refusal of a {@code POST /run} (nothing queued), typed as {@link ProviderHttp#failure} types it. */
    static final class NotQueued extends ProviderException {
        NotQueued(ProviderException refused) {
            super(refused.code(), refused.getMessage(), refused.retryable(), refused.retryAfter(), null);
        }
    }

    /** {@code GET /status/{id}}. */
    Uni<JsonNode> status(String endpointId, String jobId) {
        return guard.call(() -> api(HttpMethod.GET, endpointId, "/status/" + encode(jobId), guard).send()
                .map(response -> {
                    if (response.statusCode() == 404) {
                        throw new LostJobException(jobId);
                    }
                    JsonNode json = ProviderHttp.json(NAME, "GET /status", response);
                    if (!json.isObject() || !json.path("status").isTextual()) {
                        throw ProviderException.rejected(NAME + " sent a malformed /status answer (no status)");
                    }
                    return json;
                }));
    }

    /** {@code GET /stream/{id}}: the partial outputs produced so far. */
    Uni<JsonNode> stream(String endpointId, String jobId) {
        return guard.call(() -> api(HttpMethod.GET, endpointId, "/stream/" + encode(jobId), guard).send()
                .map(response -> {
                    if (response.statusCode() == 404) {
                        throw new LostJobException(jobId);
                    }
                    return ProviderHttp.json(NAME, "GET /stream", response);
                }));
    }

    /** {@code POST /cancel/{id}}. */
    Uni<Void> cancel(String endpointId, String jobId) {
        return guard.call(() -> api(HttpMethod.POST, endpointId, "/cancel/" + encode(jobId), guard).send()
                .map(response -> {
                    if (response.statusCode() != 404) {
                        ProviderHttp.requireSuccess(NAME, "POST /cancel", response);
                    }
                    return null;
                }));
    }

    /** {@code GET /health}: workers and jobs of one endpoint; one attempt. */
    Uni<JsonNode> health(String endpointId) {
        return quick.call(() -> api(HttpMethod.GET, endpointId, "/health", quick).send()
                .map(response -> ProviderHttp.json(NAME, "GET /health", response)));
    }

    /** Downloads an output URL the worker returned (no RunPod credential is sent to it). Answers the size. */
    Uni<Long> download(String url, Path target) {
        return downloads.call(() -> vertx.fileSystem()
                .open(target.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                .chain(file -> web.getAbs(url).timeout(settings.downloadTimeout().toMillis() + 1000)
                        .as(BodyCodec.pipe(file)).send()
                        .onFailure().call(() -> file.close().onFailure().recoverWithNull())
                        .chain(response -> {
                            if (response.statusCode() != 200) {
                                return vertx.fileSystem().delete(target.toString()).onFailure().recoverWithNull()
                                        .map(ignored -> {
                                            throw ProviderHttp.failure(NAME, "an output download", response.statusCode(),
                                                    response.getHeader("Retry-After"), null);
                                        });
                            }
                            return vertx.fileSystem().props(target.toString()).map(props -> props.size());
                        })));
    }

    private HttpRequest<Buffer> api(HttpMethod method, String endpointId, String path, ProviderGuard under) {
        Duration timeout = under == quick ? min(settings.guard().attemptTimeout(), Duration.ofSeconds(10))
                : settings.guard().attemptTimeout();
        HttpRequest<Buffer> request = web.requestAbs(method, settings.url() + "/" + encode(endpointId) + path)
                .putHeader("Accept", "application/json")
                .putHeader("Content-Type", "application/json")
                // Closes the connection of an attempt the guard has already given up on (a second later).
                .timeout(timeout.toMillis() + 1000);
        settings.apiKey().ifPresent(key -> request.putHeader("Authorization", "Bearer " + key));
        return request;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** RunPod answered 404 for a job: it expired after its ttl, or was never there. */
    static final class LostJobException extends ProviderException {
        LostJobException(String jobId) {
            super(io.clipizy.contracts.event.ErrorCode.PROVIDER_REJECTED, "RunPod no longer knows job " + jobId
                    + " (it expired after its ttl, or the endpoint was purged); its result is lost", false, null, null);
        }
    }
}
