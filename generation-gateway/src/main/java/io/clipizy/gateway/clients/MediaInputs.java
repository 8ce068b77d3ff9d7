package io.clipizy.gateway.clients;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One task's input media: each asset is described ({@code GET /api/internal/media/{id}?ownerId=}) and its bytes
 * streamed to a file in the task's work directory ({@code .../content}), once per task however often it is asked
 * for. Another user's, a deleted or an unknown asset is {@code invalid_input}; one still being processed too.
 */
final class MediaInputs implements InputMedia {
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(Map.entry("image/png", ".png"),
            Map.entry("image/jpeg", ".jpg"), Map.entry("image/webp", ".webp"), Map.entry("image/gif", ".gif"),
            Map.entry("video/mp4", ".mp4"), Map.entry("video/webm", ".webm"), Map.entry("video/quicktime", ".mov"),
            Map.entry("audio/mpeg", ".mp3"), Map.entry("audio/wav", ".wav"), Map.entry("audio/x-wav", ".wav"),
            Map.entry("audio/ogg", ".ogg"), Map.entry("audio/flac", ".flac"), Map.entry("audio/mp4", ".m4a"),
            Map.entry("audio/aac", ".aac"));

    private final MediaApi media;
    private final WebClient web;
    private final Vertx vertx;
    private final ServiceTokens tokens;
    private final URI base;
    private final String ownerId;
    private final Path folder;
    private final Map<UUID, Uni<LocalMedia>> fetched = new ConcurrentHashMap<>();

    MediaInputs(MediaApi media, WebClient web, Vertx vertx, ServiceTokens tokens, URI base, String ownerId,
                Path folder) {
        this.media = media;
        this.web = web;
        this.vertx = vertx;
        this.tokens = tokens;
        this.base = base;
        this.ownerId = ownerId;
        this.folder = folder;
    }

    @Override
    public Uni<LocalMedia> fetch(UUID mediaId) {
        if (mediaId == null) {
            return Uni.createFrom().failure(ProviderException.invalidInput("A media id is required"));
        }
        return fetched.computeIfAbsent(mediaId, id -> describe(id).chain(info -> download(info))
                .memoize().indefinitely());
    }

    private Uni<MediaAssetInfo> describe(UUID id) {
        return media.describe(id, ownerId).onFailure().transform(failure -> {
            int status = PeerFailures.status(failure);
            if (status == 404) {
                return ProviderException.invalidInput("The media " + id + " was not found: it was deleted, or it is "
                        + "not yours; upload it again");
            }
            if (status == 409) {
                return ProviderException.invalidInput("The media " + id + " is not ready yet (it is still being "
                        + "processed or its upload did not finish); try again when it is ready");
            }
            return unavailable(failure, status);
        });
    }

    private Uni<LocalMedia> download(MediaAssetInfo info) {
        Path file = folder.resolve(info.assetId() + extension(info));
        String uri = base.resolve("/api/internal/media/" + info.assetId() + "/content").toString()
                + "?ownerId=" + java.net.URLEncoder.encode(ownerId, java.nio.charset.StandardCharsets.UTF_8);
        return Uni.createFrom().item(() -> {
                    try {
                        Files.createDirectories(folder);
                        return file;
                    } catch (IOException e) {
                        throw new ProviderException(ErrorCode.INTERNAL, "Cannot create the task's input folder: "
                                + e.getMessage(), false, null, e);
                    }
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(() -> tokens.authorization())
                .chain(authorization -> vertx.fileSystem()
                        .open(file.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                        .chain(sink -> web.getAbs(uri).putHeader("Authorization", authorization)
                                .as(BodyCodec.pipe(sink)).send()))
                .onFailure().transform(failure -> failure instanceof ProviderException ? failure
                        : unavailable(failure, 0))
                .map((HttpResponse<Void> response) -> {
                    int status = response.statusCode();
                    if (status == 404 || status == 409) {
                        throw ProviderException.invalidInput("The media " + info.assetId() + " cannot be read any "
                                + "more (deleted, or not ready); upload it again");
                    }
                    if (status != 200) {
                        throw ProviderException.unavailable("The media service answered HTTP " + status
                                + " when the task's input " + info.assetId() + " was downloaded", null, null);
                    }
                    return new LocalMedia(info.assetId(), file, info.kind(), info.contentType(), size(file));
                });
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static ProviderException unavailable(Throwable failure, int status) {
        return ProviderException.unavailable("The media service could not be reached to read the task's input"
                + (status == 0 ? "" : " (HTTP " + status + ")") + "; try again in a few minutes", null, failure);
    }

    private static String extension(MediaAssetInfo info) {
        String type = info.contentType() == null ? "" : info.contentType().toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        return EXTENSIONS.getOrDefault(semicolon < 0 ? type.trim() : type.substring(0, semicolon).trim(), ".bin");
    }
}
