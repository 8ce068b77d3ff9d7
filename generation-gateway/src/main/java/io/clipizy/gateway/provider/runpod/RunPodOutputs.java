package io.clipizy.gateway.provider.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderResult;
import io.clipizy.gateway.provider.comfyui.MediaFiles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the media in a worker's output and writes it into the task's work directory. RunPod has no file API: a worker
 * returns whatever it likes, so this reads the shapes in use — worker-comfyui's
 * {@code {"images":[{"filename","type":"base64"|"s3_url","data"}]}}, its older {@code {"message": base64 or URL}},
 * and in general data URIs and http(s) URLs anywhere, and base64 under media-like keys ({@code image}, {@code video},
 * {@code audio}, {@code data}...). Every file's type is told from its bytes, never from the worker's word.
 */
final class RunPodOutputs {
    private static final Set<String> MEDIA_KEYS = Set.of("image", "images", "video", "videos", "audio", "audios",
            "message", "output", "outputs", "data", "file", "files", "result", "results", "gif", "gifs");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=_\\-\\r\\n]{64,}");

    private RunPodOutputs() {
    }

    /** One file in the output: inline bytes (base64) or a URL to fetch. */
    record Found(String base64, String url, String fileName) {
    }

    /** Every file the output names, in order. */
    static List<Found> find(JsonNode output) {
        List<Found> found = new ArrayList<>();
        walk(output, null, found);
        return found;
    }

    private static void walk(JsonNode node, String key, List<Found> found) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isTextual()) {
            text(node.asText(), key, null, found);
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, key, found));
        } else if (node.isObject()) {
            JsonNode data = node.get("data");
            String type = node.path("type").asText("");
            String name = node.path("filename").asText(node.path("name").asText(null));
            if (data != null && data.isTextual() && ("base64".equals(type) || "s3_url".equals(type) || type.isEmpty())) {
                text(data.asText(), "data", name, found);
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), field.getKey().toLowerCase(Locale.ROOT), found);
            }
        }
    }

    private static void text(String value, String key, String name, List<Found> found) {
        String text = value.strip();
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma > 0 && text.substring(0, comma).endsWith(";base64")) {
                found.add(new Found(text.substring(comma + 1), null, name));
            }
        } else if (text.startsWith("https://") || text.startsWith("http://")) {
            found.add(new Found(null, text, name));
        } else if (key != null && MEDIA_KEYS.contains(key) && BASE64.matcher(text).matches()) {
            found.add(new Found(text, null, name));
        }
    }

    /** Writes (or downloads) each found file into {@code workDir} and identifies it. */
    static Uni<List<ProviderResult.Output>> materialise(List<Found> found, Path workDir, RunPodClient client,
                                                        boolean httpsOnly) {
        List<ProviderResult.Output> outputs = new ArrayList<>();
        return Multi.createFrom().range(0, found.size())
                .onItem().transformToUniAndConcatenate(index -> {
                    Found file = found.get(index);
                    String name = String.format("%02d-%s", index + 1, MediaFiles.safeName(
                            file.fileName() != null ? file.fileName() : file.url() != null ? urlName(file.url()) : null,
                            "output"));
                    Path target = workDir.resolve(name);
                    Uni<Path> written = file.url() != null ? fetch(file.url(), target, client, httpsOnly)
                            : decode(file.base64(), target);
                    return written.chain(path -> MediaFiles.identify(path, name, "The RunPod worker")).invoke(outputs::add);
                })
                .collect().last()
                .map(ignored -> outputs);
    }

    private static Uni<Path> fetch(String url, Path target, RunPodClient client, boolean httpsOnly) {
        if (httpsOnly && !url.startsWith("https://")) {
            return Uni.createFrom().failure(ProviderException.rejected(
                    "The RunPod worker returned an output URL that is not https; refused"));
        }
        return client.download(url, target).replaceWith(target);
    }

    private static String urlName(String url) {
        try {
            String path = URI.create(url).getPath();
            return path == null ? null : path.substring(path.lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Decodes and writes on a worker thread (CPU and disk). */
    private static Uni<Path> decode(String base64, Path target) {
        return Uni.createFrom().item(() -> {
            byte[] bytes;
            try {
                bytes = base64.contains("-") || base64.contains("_")
                        ? Base64.getUrlDecoder().decode(base64.replaceAll("\\s", ""))
                        : Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw ProviderException.rejected("The RunPod worker returned an output that is not valid base64");
            }
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return target;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
