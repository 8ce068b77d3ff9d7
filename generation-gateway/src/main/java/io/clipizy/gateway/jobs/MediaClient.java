package io.clipizy.gateway.jobs;

import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads media content from media-service's public API ({@code GET /api/media/{id}/content}) with the caller's own
 * bearer token, so media-service applies its ownership rule as well. Streams: a response is handed over paused, and a
 * download goes straight to a file with a size cap.
 */
@ApplicationScoped
public class MediaClient {
    @Inject
    Vertx vertx;

    @Inject
    JobsConfig config;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32)
                .setConnectTimeout(5000));
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    /**
     * Opens the content of a media asset, forwarding {@code range} when given. Answers the response paused (read it
     * with {@code toMulti()}) with status 200, 206 or 416; unknown or not-yours is a 404 problem, not ready a 409,
     * media-service down a 503.
     */
    public Uni<HttpClientResponse> open(UUID mediaId, String bearer, String range) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(config.mediaUrl().replaceAll("/+$", "") + "/api/media/" + mediaId + "/content")
                .setTimeout(config.mediaTimeout().toMillis())
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        if (range != null && !range.isBlank()) {
            options.putHeader("Range", range);
        }
        return client.request(options)
                .chain(request -> request.send())
                .onFailure(f -> !(f instanceof ProblemException)).transform(MediaClient::unavailable)
                .chain(response -> {
                    response.pause();
                    int status = response.statusCode();
                    if (status == 200 || status == 206 || status == 416) {
                        return Uni.createFrom().item(response);
                    }
                    // the error body is not needed: let it drain so the connection ends cleanly
                    response.resume();
                    return Uni.createFrom().failure(failure(status));
                });
    }

    /** Downloads the whole content into {@code target}; more than {@code maxBytes} is a 422 problem. */
    public Uni<Path> download(UUID mediaId, String bearer, Path target, long maxBytes) {
        return open(mediaId, bearer, null).chain(response -> {
            String length = response.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
            if (length != null && parse(length) > maxBytes) {
                response.resume();
                throw tooLarge(maxBytes);
            }
            AtomicLong written = new AtomicLong();
            return vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreate(true)
                            .setTruncateExisting(true))
                    .chain(file -> response.toMulti()
                            .onItem().transformToUniAndConcatenate(buffer -> {
                                if (written.addAndGet(buffer.length()) > maxBytes) {
                                    return Uni.createFrom().failure(tooLarge(maxBytes));
                                }
                                return file.write(buffer);
                            })
                            .collect().last()
                            .onTermination().call(() -> closeQuietly(file)))
                    .replaceWith(target);
        });
    }

    private static Uni<Void> closeQuietly(AsyncFile file) {
        return file.close().onFailure().recoverWithNull();
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ProblemException tooLarge(long maxBytes) {
        return new ProblemException(ProblemType.UNPROCESSABLE, "The video is larger than the "
                + (maxBytes / (1024 * 1024)) + " MiB this endpoint converts or analyses");
    }

    private static ProblemException failure(int status) {
        if (status == 404 || status == 401 || status == 403) {
            // media-service hides other users' media as 404; a token it refuses is no reason to say more
            return ProblemException.notFound("Generation");
        }
        if (status == 409) {
            return new ProblemException(ProblemType.CONFLICT, "The media is not ready yet");
        }
        return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                "media-service answered " + status + "; try again shortly");
    }

    private static Throwable unavailable(Throwable failure) {
        String why = failure instanceof ConnectException ? "cannot be reached" : "did not answer in time";
        return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "media-service " + why + "; try again shortly");
    }
}
