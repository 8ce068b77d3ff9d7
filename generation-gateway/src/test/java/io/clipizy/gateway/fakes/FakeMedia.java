package io.clipizy.gateway.fakes;

import com.sun.net.httpserver.HttpExchange;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.rest.StoreOutputRequest;
import io.clipizy.contracts.rest.StoredMedia;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * media-service's internal API as the gateway uses it (service role): {@code POST /api/internal/media/outputs}
 * (multipart {@code metadata} + {@code file}, idempotent by task id + output index, 201 then 200),
 * {@code GET /api/internal/media/{id}?ownerId=} (404 for unknown or another owner's, 409 when not READY) and
 * {@code GET .../content?ownerId=} (the bytes with Content-Type and Content-Length, a single Range honoured).
 */
public final class FakeMedia {
    /** One asset; outputs remember how they were sent. */
    public record Asset(UUID id, String ownerId, UUID projectId, MediaKind kind, String contentType, byte[] bytes,
                        String status, String fileName, StoreOutputRequest metadata, String partContentType) {
    }

    private final Map<UUID, Asset> assets = new ConcurrentHashMap<>();
    private final Map<String, UUID> outputs = new ConcurrentHashMap<>();

    /** An uploaded, READY asset of the owner's. */
    public UUID add(String ownerId, MediaKind kind, String contentType, byte[] bytes) {
        UUID id = UUID.randomUUID();
        assets.put(id, new Asset(id, ownerId, null, kind, contentType, bytes, "READY", "upload", null, null));
        return id;
    }

    public Asset asset(UUID id) {
        return assets.get(id);
    }

    /** How many outputs the task stored. */
    public long outputsOf(UUID taskId) {
        return outputs.keySet().stream().filter(k -> k.startsWith(taskId + ":")).count();
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!ServiceToken.valid(exchange.getRequestHeaders().getFirst("Authorization"))) {
            Http.problem(exchange, 401, "unauthorized", "A service token is required");
            return;
        }
        String path = exchange.getRequestURI().getPath().substring("/api/internal/media/".length());
        if (path.equals("outputs") && "POST".equals(exchange.getRequestMethod())) {
            store(exchange);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            Http.problem(exchange, 405, "method-not-allowed", "GET only");
            return;
        }
        boolean content = path.endsWith("/content");
        String idText = content ? path.substring(0, path.length() - "/content".length()) : path;
        String owner = Http.query(exchange.getRequestURI().getRawQuery()).get("ownerId");
        Asset asset;
        try {
            asset = assets.get(UUID.fromString(idText));
        } catch (IllegalArgumentException e) {
            asset = null;
        }
        if (asset == null || owner == null || !asset.ownerId().equals(owner)) {
            Http.problem(exchange, 404, "not-found", "Media not found");
            return;
        }
        if (!"READY".equals(asset.status())) {
            Http.problem(exchange, 409, "conflict", "The media is not ready");
            return;
        }
        if (!content) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("assetId", asset.id());
            body.put("ownerId", asset.ownerId());
            body.put("projectId", asset.projectId());
            body.put("kind", asset.kind());
            body.put("role", asset.metadata() == null ? "upload" : "generated");
            body.put("contentType", asset.contentType());
            body.put("sizeBytes", asset.bytes().length);
            body.put("sha256", sha256(asset.bytes()));
            body.put("status", asset.status());
            body.put("fileName", asset.fileName());
            Http.json(exchange, 200, body);
            return;
        }
        byte[] bytes = asset.bytes();
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String[] ends = range.substring(6).split("-", -1);
            int from = ends[0].isEmpty() ? Math.max(0, bytes.length - Integer.parseInt(ends[1])) : Integer.parseInt(ends[0]);
            int to = ends[0].isEmpty() || ends[1].isEmpty() ? bytes.length - 1 : Math.min(bytes.length - 1, Integer.parseInt(ends[1]));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
            Http.send(exchange, 206, asset.contentType(), Arrays.copyOfRange(bytes, from, to + 1));
            return;
        }
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        Http.send(exchange, 200, asset.contentType(), bytes);
    }

    private synchronized void store(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data")) {
            Http.problem(exchange, 415, "unsupported-media-type", "multipart/form-data is required");
            return;
        }
        Map<String, Multipart.Part> parts = Multipart.parse(type, exchange.getRequestBody().readAllBytes());
        Multipart.Part metadataPart = parts.get("metadata");
        Multipart.Part file = parts.get("file");
        if (metadataPart == null || file == null) {
            Http.problem(exchange, 400, "validation", "metadata and file parts are required");
            return;
        }
        StoreOutputRequest metadata;
        try {
            metadata = JsonCodec.decode(metadataPart.text(), StoreOutputRequest.class);
        } catch (RuntimeException e) {
            Http.problem(exchange, 400, "validation", e.getMessage());
            return;
        }
        if (file.body().length == 0) {
            Http.problem(exchange, 400, "validation", "The output file is empty");
            return;
        }
        String key = metadata.taskId() + ":" + metadata.outputIndex();
        UUID existing = outputs.get(key);
        if (existing != null) {
            Http.json(exchange, 200, stored(assets.get(existing)));
            return;
        }
        String contentType = file.contentType() == null ? "application/octet-stream" : file.contentType();
        if (!contentType.startsWith(metadata.kind().wire() + "/")) {
            Http.problem(exchange, 415, "unsupported-media-type", "The file is " + contentType + ", not "
                    + metadata.kind().wire());
            return;
        }
        UUID id = UUID.randomUUID();
        assets.put(id, new Asset(id, metadata.ownerId(), metadata.projectId(), metadata.kind(), contentType,
                file.body(), "READY", metadata.fileName(), metadata, file.contentType()));
        outputs.put(key, id);
        Http.json(exchange, 201, stored(assets.get(id)));
    }

    private static StoredMedia stored(Asset a) {
        return new StoredMedia(a.id(), a.ownerId(), a.kind(), a.contentType(), a.bytes().length, sha256(a.bytes()));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
