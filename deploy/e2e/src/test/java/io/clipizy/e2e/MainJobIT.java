package io.clipizy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.infra.FfmpegTools;
import io.clipizy.local.Demo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The main job end to end, on the whole local stack started by its launcher: music videos from a song the product
 * composes itself, through the public API gateway, checked on the finished MP4; credits, live events, isolation, the
 * video jobs API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class MainJobIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FfmpegTools ffmpeg;
    private static Demo.Result recurring;

    @BeforeAll
    static void extractFfmpeg() {
        ffmpeg = FfmpegTools.extract(FfmpegTools.defaultCache());
    }

    private static Demo.Result demo(String workflow) throws Exception {
        Path out = LocalStack.repositoryRoot().resolve("deploy/e2e/target/e2e-output/" + (workflow == null ? "recurring" : workflow));
        try {
            return new Demo(LocalStack.API, LocalStack.ISSUER, out, System.out, () -> false)
                    .run(new Demo.Options(null, workflow, Demo.Options.defaults().request()));
        } catch (Exception | AssertionError e) {
            for (String service : List.of("chat-service", "workflow-service", "generation-gateway", "media-service", "billing-service")) {
                System.out.println("---- last lines of " + service + "\n" + LocalStack.serviceLog(service, 40));
            }
            throw e;
        }
    }

    @Test
    @Order(1)
    void recurringScenesMusicVideoMatchesTheSongAndCutsOnItsBeats() throws Exception {
        recurring = demo(null);
        checkVideo(recurring, 1920, 1080);
        List<Double> cuts = cuts(recurring.video());
        assertFalse(cuts.isEmpty(), "a recurring-scenes video has scene cuts");
        JsonNode analysis = recurring.analysis();
        assertNotNull(analysis, "the run kept its audio analysis");
        List<Double> marks = new ArrayList<>();
        analysis.path("beatTimesSec").forEach(b -> marks.add(b.asDouble()));
        analysis.path("downbeatsSec").forEach(b -> marks.add(b.asDouble()));
        analysis.path("sections").forEach(s -> marks.add(s.path("startTime").asDouble()));
        double frame = 1.0 / 30;
        for (double cut : cuts) {
            double nearest = marks.stream().mapToDouble(m -> Math.abs(m - cut)).min().orElse(Double.MAX_VALUE);
            // a cut shows in the first frame of the new shot, so it may land one frame after its beat; crossfades
            // are detected where the change is largest, within their half-length of the beat
            assertTrue(nearest <= 3 * frame + 0.25, "the cut at " + cut + " s is " + nearest + " s from the nearest beat or section");
        }
    }

    @Test
    @Order(2)
    void everyEventOfTheRunArrivedLiveInOrder() {
        long cursor = -1;
        List<String> runEvents = new ArrayList<>();
        for (JsonNode frame : recurring.frames()) {
            if (frame.path("type").asText().equals("ack")) {
                cursor = frame.path("cursor").asLong();
            }
            if (frame.path("type").asText().equals("event")) {
                long next = frame.path("cursor").asLong();
                assertEquals(cursor + 1, next, "cursors of the user stream arrive one by one, in order");
                cursor = next;
                if (recurring.runId().toString().equals(frame.path("event").path("runId").asText())) {
                    runEvents.add(frame.path("event").path("type").asText());
                }
            }
        }
        assertTrue(runEvents.contains("RunStarted"), runEvents.toString());
        assertTrue(runEvents.contains("TaskEvent"), runEvents.toString());
        assertEquals("RunSucceeded", runEvents.stream().filter(t -> t.startsWith("Run")).reduce((a, b) -> b).orElse(""), runEvents.toString());
    }

    @Test
    @Order(3)
    void creditsAreDebitedExactlyOncePerTask() throws Exception {
        String token = token("demo", "demo");
        JsonNode ledger = get(token, "/api/credits/transactions?size=100");
        Map<String, Map<String, Integer>> byTask = new HashMap<>();
        for (JsonNode e : ledger.path("items")) {
            String reference = e.path("reference").asText("");
            byTask.computeIfAbsent(reference, r -> new HashMap<>()).merge(e.path("type").asText(), 1, Integer::sum);
        }
        int tasks = 0;
        for (JsonNode n : recurring.run().path("nodes")) {
            if (!n.hasNonNull("taskId")) {
                continue;
            }
            Map<String, Integer> entries = byTask.getOrDefault(n.path("taskId").asText(), Map.of());
            if (entries.isEmpty()) {
                continue; // free work is not reserved
            }
            tasks++;
            assertEquals(1, entries.getOrDefault("reserved", 0), n.path("nodeId").asText() + ": " + entries);
            assertEquals(1, entries.getOrDefault("captured", 0) + entries.getOrDefault("released", 0), n.path("nodeId").asText() + ": " + entries);
        }
        assertTrue(tasks > 0, "the run's tasks reserved credits");
        assertEquals(recurring.run().path("run").path("actualCredits").asLong(recurring.creditsBefore() - recurring.creditsAfter()),
                recurring.creditsBefore() - recurring.creditsAfter(), "the balance moved by what the run cost");
    }

    @Test
    @Order(4)
    void aSecondUserSeesNoneOfIt() throws Exception {
        String other = token("demo2", "demo2");
        for (String path : List.of("/api/projects/" + recurring.projectId(), "/api/chats/" + recurring.chatId(),
                "/api/runs/" + recurring.runId(), "/api/media/" + recurring.songId())) {
            HttpResponse<String> r = HTTP.send(request(other, path).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), path + " -> " + r.body());
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        WebSocket ws = HTTP.newWebSocketBuilder().subprotocols("clipizy.v1", "bearer." + other)
                .buildAsync(URI.create("ws://localhost:8080/ws/events"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        try {
                            answer.complete(JSON.readTree(data.toString()));
                        } catch (IOException e) {
                            answer.completeExceptionally(e);
                        }
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"subscribe\",\"stream\":\"run:" + recurring.runId() + "\",\"after\":0}", true);
        JsonNode reply = answer.get(10, TimeUnit.SECONDS);
        assertEquals("error", reply.path("type").asText(), reply.toString());
        assertEquals("not-found", reply.path("code").asText(), reply.toString());
        ws.abort();
    }

    @Test
    @Order(5)
    void aFailedTaskIsRefunded() throws Exception {
        String token = token("demo", "demo");
        long before = get(token, "/api/credits/balance").path("balance").asLong();
        ObjectNode body = JSON.createObjectNode().put("kind", "video_composition");
        body.putObject("params").putObject("timeline").put("durationSec", 5).putArray("clips").addObject()
                .put("source", UUID.randomUUID().toString()).put("start", 0).put("end", 5);
        JsonNode task = post(token, "/api/tasks", body);
        JsonNode done = awaitTask(token, task.path("id").asText(), Duration.ofMinutes(2));
        assertEquals("FAILED", done.path("status").asText(), done.toString());
        Instant deadline = Instant.now().plusSeconds(30);
        long after = get(token, "/api/credits/balance").path("balance").asLong();
        while (after != before && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            after = get(token, "/api/credits/balance").path("balance").asLong();
        }
        assertEquals(before, after, "a failed task costs nothing");
    }

    @Test
    @Order(6)
    void loopedStaticMusicVideoMatchesTheSong() throws Exception {
        Demo.Result looped = demo("music-video.looped-static");
        checkVideo(looped, 1920, 1080);
    }

    @Test
    @Order(7)
    void theVideoJobsApiMakesAVideoServedAsMp4AndGif() throws Exception {
        String token = token("demo", "demo");
        ObjectNode body = JSON.createObjectNode().put("prompt", "Waves of colour rolling over a calm sea").put("n_variants", 1)
                .put("n_seconds", 4).put("width", 640).put("height", 360).put("provider", "local");
        JsonNode job = post(token, "/api/v1/videos/jobs", body);
        String id = job.path("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!terminal(job.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            job = get(token, "/api/v1/videos/jobs/" + id);
        }
        assertEquals("succeeded", job.path("status").asText().toLowerCase(), job.toString());
        String generation = job.path("generations").get(0).path("id").asText();
        HttpResponse<byte[]> mp4 = HTTP.send(request(token, "/api/v1/videos/generations/" + generation + "/content?as_gif=false").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, mp4.statusCode());
        assertEquals("ftyp", new String(mp4.body(), 4, 4, StandardCharsets.US_ASCII));
        Path download = Files.createTempFile("video-job", ".mp4");
        try {
            Files.write(download, mp4.body());
            JsonNode stream = null;
            for (JsonNode s : probe(download).path("streams")) {
                stream = s.path("codec_type").asText().equals("video") ? s : stream;
            }
            assertNotNull(stream, "the job's MP4 has a video stream");
            assertEquals(640, stream.path("width").asInt(), "the job's width");
            assertEquals(360, stream.path("height").asInt(), "the job's height");
        } finally {
            Files.deleteIfExists(download);
        }
        HttpResponse<byte[]> gif = HTTP.send(request(token, "/api/v1/videos/generations/" + generation + "/content?as_gif=true").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gif.statusCode());
        assertEquals("GIF89a", new String(gif.body(), 0, 6, StandardCharsets.US_ASCII));
    }

    // ---- checks on the file ------------------------------------------------------------------------------------------

    private static void checkVideo(Demo.Result result, int width, int height) throws Exception {
        JsonNode probe = probe(result.video());
        JsonNode video = null;
        boolean audio = false;
        for (JsonNode s : probe.path("streams")) {
            if (s.path("codec_type").asText().equals("video")) {
                video = s;
            }
            audio |= s.path("codec_type").asText().equals("audio");
        }
        assertNotNull(video, "a video stream");
        assertTrue(audio, "the song is in the video");
        assertEquals("h264", video.path("codec_name").asText());
        assertEquals(width, video.path("width").asInt());
        assertEquals(height, video.path("height").asInt());
        double duration = probe.path("format").path("duration").asDouble();
        assertEquals(result.songSeconds(), duration, 0.1, "the video lasts as long as the song");
    }

    private static JsonNode probe(Path file) throws Exception {
        Process p = ffmpegProcess(List.of(ffmpeg.ffprobe().toString(), "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", file.toString()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffprobe failed: " + out);
        return JSON.readTree(out);
    }

    /**
     * The moments the picture changes most: FFmpeg's scene-change score for every frame, kept where it peaks (above its
     * neighbours within 0.2 s) at 40 % of the strongest change or more. Shots may cross-fade and scenes pulse on
     * downbeats, so a fixed absolute threshold would see nothing; these peaks are where the editing happens.
     */
    private static List<Double> cuts(Path file) throws Exception {
        Process p = ffmpegProcess(List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-i", file.toString(), "-an", "-vf",
                "scale=320:-2,select='gte(scene,0)',metadata=print:key=lavfi.scene_score", "-f", "null", "-"));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "scene detection took too long");
        List<double[]> scores = new ArrayList<>();
        Pattern time = Pattern.compile("pts_time:([0-9.]+)");
        Pattern score = Pattern.compile("lavfi\\.scene_score=([0-9.]+)");
        double at = -1;
        for (String line : out.split("\\R")) {
            Matcher t = time.matcher(line);
            if (t.find()) {
                at = Double.parseDouble(t.group(1));
            }
            Matcher sc = score.matcher(line);
            if (sc.find() && at >= 0) {
                scores.add(new double[] {at, Double.parseDouble(sc.group(1))});
            }
        }
        double max = scores.stream().mapToDouble(s -> s[1]).max().orElse(0);
        List<Double> cuts = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            double[] s = scores.get(i);
            if (s[1] < Math.max(0.002, 0.4 * max)) {
                continue;
            }
            boolean peak = true;
            for (double[] other : scores) {
                if (other != s && Math.abs(other[0] - s[0]) <= 0.2 && other[1] > s[1]) {
                    peak = false;
                    break;
                }
            }
            if (peak) {
                cuts.add(s[0]);
            }
        }
        return cuts;
    }

    private static Process ffmpegProcess(List<String> command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("LD_LIBRARY_PATH", ffmpeg.libraryDir().toString());
        return b.start();
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------------

    private static boolean terminal(String status) {
        return List.of("succeeded", "failed", "cancelled").contains(status.toLowerCase());
    }

    private static JsonNode awaitTask(String token, String id, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode task = get(token, "/api/tasks/" + id);
        while (!terminal(task.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            task = get(token, "/api/tasks/" + id);
        }
        return task;
    }

    static String token(String user, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.ISSUER + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=clipizy-cli&username=" + user
                        + "&password=" + password)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static HttpRequest.Builder request(String token, String path) {
        return HttpRequest.newBuilder(URI.create(LocalStack.API + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token);
    }

    private static JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request(token, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + " -> " + r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode post(String token, String path, JsonNode body) throws Exception {
        HttpResponse<String> r = HTTP.send(request(token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201 || r.statusCode() == 202, path + " -> " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }
}
