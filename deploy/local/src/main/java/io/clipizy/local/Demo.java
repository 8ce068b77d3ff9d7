package io.clipizy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The guided demo of the main job, as a person would do it and through the public APIs only (the local API gateway
 * on :8080 and Keycloak): sign in as the demo user, create a music-clip project, bring a song (made by the product's own
 * music generator, or {@code --song}), ask the assistant for a music video and answer its questions, approve, follow
 * every step live over the WebSocket, download the finished MP4 to {@code ./clipizy-output/} and sum up.
 */
public final class Demo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(30);

    private final String api;
    private final String issuer;
    private final Path outputDir;
    private final PrintStream out;
    private final BooleanSupplier cancelled;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String accessToken;
    private String refreshToken;
    private Instant tokenExpires = Instant.EPOCH;

    /** What the person asked for; {@code --song} and {@code --workflow} change it. */
    public record Options(Path song, String workflow, String request) {
        public static Options defaults() {
            return new Options(null, null, "Make a cinematic music video for this song, 16:9, 1080p");
        }
    }

    public Demo(String apiBase, String issuer, Path outputDir, PrintStream out, BooleanSupplier cancelled) {
        this.api = apiBase;
        this.issuer = issuer;
        this.outputDir = outputDir;
        this.out = out;
        this.cancelled = cancelled;
    }

    /**
     * What the demo did: the downloaded video, the song, the run as the workflow service reports it, and every frame
     * the WebSocket delivered (stream, cursor, event) in arrival order.
     */
    public record Result(Path video, UUID songId, double songSeconds, UUID projectId, UUID chatId, UUID runId,
                         JsonNode run, List<JsonNode> frames, long creditsBefore, long creditsAfter, Duration songToVideo) {
        /** The run's audio analysis (the audio_analysis node's output), or null. */
        public JsonNode analysis() {
            for (JsonNode n : run.path("nodes")) {
                if (n.path("nodeType").asText().equals("audio_analysis") && n.path("output").isObject()) {
                    return n.path("output");
                }
            }
            return null;
        }
    }

    /**
     * The demo alone, against a stack that is already up ({@code deploy/run.sh --no-demo} in another terminal):
     * {@code java -cp <launcher class path> io.clipizy.local.Demo [--song PATH] [--workflow ID]}.
     */
    public static void main(String[] args) throws Exception {
        Stack.Options options = Stack.Options.parse(List.of(args));
        Workspace workspace = Workspace.locate(Path.of(""));
        Result result = new Demo(StackSettings.GATEWAY_URL, new StackSettings(System.getenv()).issuer(),
                workspace.root().resolve("clipizy-output"), System.out, () -> false)
                .run(new Options(options.song(), options.workflow(), Options.defaults().request()));
        System.out.println(result.video());
    }

    /** Runs the whole job; answers what it made. Fails with a message a person can act on. */
    public Result run(Options options) throws Exception {
        long started = System.nanoTime();
        say("Signing in as demo/demo through Keycloak (" + issuer + ")");
        login();
        JsonNode project = post("/api/projects", JSON.createObjectNode().put("name", "Demo music video "
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).put("type", "music-clip"));
        UUID projectId = UUID.fromString(project.path("id").asText());
        say("Created project \"" + project.path("name").asText() + "\" (" + projectId + ")");
        JsonNode chat = post("/api/projects/" + projectId + "/chats", JSON.createObjectNode());
        UUID chatId = UUID.fromString(chat.path("id").asText());

        ensureCredits(400);
        long songStarted = System.nanoTime();
        Song song = options.song() != null ? upload(options.song(), projectId) : compose(projectId, 40);
        long creditsBefore = balance();

        try (Events events = Events.connect(http, wsUrl(), token(), out)) {
            String request = options.request() + (options.workflow() == null ? "" : " (" + workflowWords(options.workflow()) + ")");
            say("You: " + request);
            Set<UUID> seen = new HashSet<>();
            message(chatId, JSON.createObjectNode().put("text", request).set("attachments", JSON.createArrayNode().add(song.id().toString())));
            UUID runId = converse(chatId, seen, song, events);
            say("The run started (" + runId + "); following it live:");
            JsonNode end = follow(runId, chatId, seen, events);
            JsonNode run = get("/api/runs/" + runId);
            if (!"RunSucceeded".equals(end.path("type").asText())) {
                throw new IllegalStateException("The run ended " + run.path("run").path("status").asText() + ": "
                        + run.path("run").path("error").path("message").asText(end.path("error").path("message").asText("no reason given")));
            }
            Path video = download(run.path("run").path("output"), project.path("name").asText());
            long creditsAfter = balance();
            summary(run, song, video, creditsBefore, creditsAfter, Duration.ofNanos(System.nanoTime() - started));
            return new Result(video, song.id(), song.seconds(), projectId, chatId, runId, run, events.frames(),
                    creditsBefore, creditsAfter, Duration.ofNanos(System.nanoTime() - songStarted));
        }
    }

    /**
     * A song made by the product's own music generator, downloaded to a file: material for a run that starts with an
     * upload (the P5 benchmark).
     */
    public Path composeToFile(int seconds, Path file) throws Exception {
        login();
        ensureCredits(400);
        JsonNode project = post("/api/projects", JSON.createObjectNode().put("name", "Songs").put("type", "audio-edit"));
        Song song = compose(UUID.fromString(project.path("id").asText()), seconds);
        HttpResponse<Path> r = http.send(authorized("/api/media/" + song.id() + "/content").setHeader("Accept", "*/*").GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Downloading the song answered " + r.statusCode());
        }
        return file;
    }

    // ---- the conversation -----------------------------------------------------------------------------------------

    /** Answers the assistant until the run starts; the run id comes from the assistant's chat or the run list. */
    private UUID converse(UUID chatId, Set<UUID> seen, Song song, Events events) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            checkCancelled();
            for (JsonNode m : newAssistantMessages(chatId, seen)) {
                say("Assistant: " + m.path("text").asText());
                JsonNode actions = m.path("actions");
                ObjectNode reply = answer(actions, song);
                if (reply != null) {
                    say("You: " + reply.path("text").asText());
                    message(chatId, reply);
                }
            }
            JsonNode runs = get("/api/runs?size=5");
            for (JsonNode r : runs.path("items")) {
                if (chatId.toString().equals(r.path("chatId").asText())) {
                    return UUID.fromString(r.path("id").asText());
                }
            }
            events.poll(Duration.ofMillis(700));
        }
        throw new IllegalStateException("The assistant did not start a run within 3 minutes; see the chat's history");
    }

    /** A person's answer to the assistant's actions: sensible choices, the song's length, the start button. */
    static ObjectNode answer(JsonNode actions, Song song) {
        for (JsonNode a : actions) {
            if ("start".equals(a.path("name").asText())) {
                return reply("Start", JSON.createObjectNode().put("name", "start"));
            }
            if ("approve".equals(a.path("answer").asText())) {
                return reply("Looks good", JSON.createObjectNode().put("answer", "approve"));
            }
            if ("choose".equals(a.path("type").asText())) {
                return reply("The first one", JSON.createObjectNode().put("answer", "choose").put("value", 0));
            }
            if (a.hasNonNull("field")) {
                String field = a.path("field").asText();
                JsonNode value = choose(field, a, song);
                return reply(value.isTextual() ? value.asText() : value.toString(),
                        JSON.createObjectNode().put("field", field).set("value", value));
            }
        }
        return null;
    }

    private static JsonNode choose(String field, JsonNode action, Song song) {
        JsonNode options = action.path("options");
        if (options.isArray() && !options.isEmpty()) {
            for (String preferred : List.of("cinematic", "16:9", "1080p", "crossfade", "true")) {
                for (JsonNode o : options) {
                    if (o.asText().equals(preferred)) {
                        return o;
                    }
                }
            }
            return options.get(0);
        }
        return switch (action.path("type").asText()) {
            case "number" -> field.toLowerCase(Locale.ROOT).contains("duration") && song.seconds() > 0
                    ? JSON.getNodeFactory().numberNode(Math.round(song.seconds()))
                    : JSON.getNodeFactory().numberNode(6);
            case "multiselect" -> JSON.createArrayNode();
            default -> JSON.getNodeFactory().textNode("A night drive through a neon city, rain on the windows, "
                    + "the lights pulsing with the beat");
        };
    }

    private static ObjectNode reply(String text, ObjectNode action) {
        ObjectNode r = JSON.createObjectNode().put("text", text);
        r.set("action", action);
        return r;
    }

    // ---- following the run -------------------------------------------------------------------------------------------

    /** Draws a progress bar per step from the live events and answers any step that waits; answers the run's last event. */
    private JsonNode follow(UUID runId, UUID chatId, Set<UUID> seen, Events events) throws Exception {
        Bars bars = new Bars(out);
        Instant deadline = Instant.now().plus(RUN_LIMIT);
        Instant nextChatCheck = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            checkCancelled();
            JsonNode e = events.poll(Duration.ofMillis(500));
            if (e != null && runId.toString().equals(e.path("runId").asText())) {
                String type = e.path("type").asText();
                String node = e.path("nodeId").asText("");
                String label = node + (e.hasNonNull("itemIndex") ? "[" + (e.path("itemIndex").asInt() + 1) + "]" : "");
                switch (type) {
                    case "TaskEvent" -> bars.update(label, e.path("progress").asDouble(), e.path("message").asText(""));
                    case "NodeStarted" -> bars.update(label, 0, "started");
                    case "NodeSucceeded" -> bars.update(label, 1, "done");
                    case "NodeFailed" -> bars.update(label, 1, "FAILED: " + e.path("error").path("message").asText());
                    case "RunSucceeded", "RunFailed", "RunCancelled" -> {
                        bars.finish();
                        return e;
                    }
                    default -> { }
                }
            }
            if (Instant.now().isAfter(nextChatCheck)) {
                nextChatCheck = Instant.now().plusSeconds(2);
                for (JsonNode m : newAssistantMessages(chatId, seen)) {
                    ObjectNode reply = answer(m.path("actions"), Song.NONE);
                    if (reply != null) {
                        bars.note("Assistant: " + m.path("text").asText());
                        bars.note("You: " + reply.path("text").asText());
                        message(chatId, reply);
                    }
                }
                JsonNode status = get("/api/runs/" + runId).path("run");
                String s = status.path("status").asText();
                if (s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("CANCELLED")) {
                    bars.finish();
                    return JSON.createObjectNode().put("type", s.equals("SUCCEEDED") ? "RunSucceeded" : "RunFailed")
                            .set("error", status.path("error"));
                }
            }
        }
        throw new IllegalStateException("The run did not finish within " + RUN_LIMIT.toMinutes() + " minutes");
    }

    // ---- media --------------------------------------------------------------------------------------------------------

    record Song(UUID id, double seconds, String origin) {
        static final Song NONE = new Song(null, 0, "");
    }

    /** A song made by Clipizy's own music generator (the local provider), as any user could ask for one. */
    private Song compose(UUID projectId, int seconds) throws Exception {
        say("Composing a " + seconds + "-second song with Clipizy's own music generator");
        ObjectNode params = JSON.createObjectNode().put("description", "An upbeat synth-pop track with a clear beat, verse and chorus")
                .put("seconds", seconds).put("tempo", 118).put("key", "A minor").put("format", "mp3");
        ObjectNode body = JSON.createObjectNode().put("kind", "music_generation").put("projectId", projectId.toString());
        body.set("params", params);
        JsonNode task = post("/api/tasks", body);
        String id = task.path("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            checkCancelled();
            task = get("/api/tasks/" + id);
            String status = task.path("status").asText();
            if (status.equals("SUCCEEDED")) {
                UUID media = UUID.fromString(task.path("outputs").get(0).path("mediaId").asText());
                return new Song(media, seconds(media), "made by the local music generator");
            }
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new IllegalStateException("The song could not be made: " + task.path("error").path("message").asText(status));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The song was not ready within 5 minutes");
    }

    private Song upload(Path file, UUID projectId) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--song " + file + ": no such file");
        }
        say("Uploading " + file.getFileName() + " (" + Files.size(file) / 1024 + " KiB)");
        String boundary = "clipizy-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"projectId\"\r\n\r\n" + projectId
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = authorized("/api/media").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail))).build();
        JsonNode media = send(request);
        UUID id = UUID.fromString(media.path("id").asText());
        return new Song(id, seconds(id), "uploaded from " + file);
    }

    private double seconds(UUID media) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode m = get("/api/media/" + media);
        while (!"READY".equals(m.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            m = get("/api/media/" + media);
        }
        for (String field : List.of("durationSec", "duration", "durationSeconds")) {
            if (m.path(field).isNumber()) {
                return m.path(field).asDouble();
            }
        }
        return m.path("facts").path("durationSec").asDouble(0);
    }

    private Path download(JsonNode output, String projectName) throws Exception {
        String mediaId = output.path("mediaId").asText(output.path("media").path(0).path("mediaId").asText(""));
        if (mediaId.isEmpty()) {
            throw new IllegalStateException("The run finished without a video: " + output);
        }
        Files.createDirectories(outputDir);
        Path file = outputDir.resolve(projectName.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+$", "") + ".mp4");
        HttpResponse<Path> r = http.send(authorized("/api/media/" + mediaId + "/content").setHeader("Accept", "video/mp4, */*").GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Downloading the video answered " + r.statusCode());
        }
        return file;
    }

    // ---- the summary -------------------------------------------------------------------------------------------------

    private void summary(JsonNode detail, Song song, Path video, long creditsBefore, long creditsAfter, Duration total) throws Exception {
        JsonNode analysis = null;
        int scenes = 0;
        Duration render = null;
        for (JsonNode n : detail.path("nodes")) {
            String type = n.path("nodeType").asText();
            if (type.equals("audio_analysis") && n.path("output").isObject()) {
                analysis = n.path("output");
            }
            if (type.equals("scene_plan")) {
                scenes = Math.max(scenes, n.path("output").path("scenes").size());
            }
            if (type.equals("video_composition") && n.hasNonNull("startedAt") && n.hasNonNull("finishedAt")) {
                render = Duration.between(Instant.parse(n.path("startedAt").asText()), Instant.parse(n.path("finishedAt").asText()));
            }
        }
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Song", String.format(Locale.ROOT, "%.1f s, %s", song.seconds(), song.origin()));
        if (analysis != null) {
            rows.put("Tempo", String.format(Locale.ROOT, "%.1f BPM (confidence %.2f), %s/4", analysis.path("tempo").asDouble(),
                    analysis.path("tempoConfidence").asDouble(), analysis.path("timeSignature").asText("4")));
            rows.put("Sections", analysis.path("sections").size() + " (" + labels(analysis.path("sections")) + ")");
            rows.put("Key", analysis.path("key").path("tonic").asText("?") + " " + analysis.path("key").path("mode").asText(""));
        }
        rows.put("Scenes", scenes > 0 ? String.valueOf(scenes) : "n/a");
        rows.put("Render time", render == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", render.toMillis() / 1000.0));
        rows.put("Credits spent", creditsBefore >= 0 && creditsAfter >= 0 ? String.valueOf(creditsBefore - creditsAfter)
                : detail.path("run").path("actualCredits").asText("n/a"));
        rows.put("Video", video.toAbsolutePath() + String.format(Locale.ROOT, " (%.1f MiB)", Files.size(video) / 1048576.0));
        rows.put("Total", String.format(Locale.ROOT, "%.1f s from sign-in to download", total.toMillis() / 1000.0));
        out.println();
        out.println("Your music video is ready.");
        rows.forEach((k, v) -> out.printf(Locale.ROOT, "  %-15s %s%n", k, v));
        out.flush();
    }

    private static String labels(JsonNode sections) {
        List<String> l = new ArrayList<>();
        sections.forEach(s -> l.add(s.path("label").asText("?")));
        return String.join(" ", l);
    }

    private long balance() {
        try {
            return get("/api/credits/balance").path("balance").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * A new account starts with the welcome credits only, less than a music video costs: below {@code minimum}, the
     * demo's admin user (demo2) adds 1,000 credits to the demo account with an admin adjustment, as support would.
     */
    private void ensureCredits(long minimum) throws Exception {
        long balance = balance();
        if (balance >= minimum) {
            return;
        }
        String sub = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token().split("\\.")[1])).path("sub").asText();
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + ClipizyRealm.CLI_CLIENT
                        + "&username=demo2&password=demo2")).build(), HttpResponse.BodyHandlers.ofString());
        if (t.statusCode() != 200) {
            throw new IllegalStateException("The demo admin (demo2) could not sign in to top up credits: " + t.body());
        }
        String admin = JSON.readTree(t.body()).path("access_token").asText();
        ObjectNode body = JSON.createObjectNode().put("ownerId", sub).put("delta", 1000).put("reason", "local demo top-up");
        send(HttpRequest.newBuilder(URI.create(api + "/api/credits/adjustments")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").header("Idempotency-Key", "demo-top-up-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        say("The demo account had " + balance + " credits; demo2 (an admin) added 1,000 with an admin adjustment");
    }

    private static String workflowWords(String workflow) {
        return switch (workflow) {
            case "music-video.looped-static" -> "a single still image, looped";
            case "music-video.looped-animated" -> "a looping animation";
            default -> "recurring scenes";
        };
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------------

    private List<JsonNode> newAssistantMessages(UUID chatId, Set<UUID> seen) throws Exception {
        JsonNode page = get("/api/chats/" + chatId + "/messages?size=100");
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode m : page.path("items")) {
            UUID id = UUID.fromString(m.path("id").asText());
            if (seen.add(id) && "assistant".equalsIgnoreCase(m.path("role").asText())) {
                fresh.add(m);
            }
        }
        fresh.sort((a, b) -> a.path("createdAt").asText().compareTo(b.path("createdAt").asText()));
        return fresh;
    }

    private void message(UUID chatId, ObjectNode body) throws Exception {
        body.put("clientMessageId", "demo-" + UUID.randomUUID());
        post("/api/chats/" + chatId + "/messages", body);
    }

    private void login() throws Exception {
        String form = refreshToken != null
                ? "grant_type=refresh_token&client_id=" + ClipizyRealm.CLI_CLIENT + "&refresh_token=" + enc(refreshToken)
                : "grant_type=password&client_id=" + ClipizyRealm.CLI_CLIENT + "&username=demo&password=demo&scope=openid";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            if (refreshToken != null) {
                refreshToken = null;
                login();
                return;
            }
            throw new IllegalStateException("Keycloak refused the demo user's sign-in: " + r.statusCode() + " " + r.body());
        }
        JsonNode t = JSON.readTree(r.body());
        accessToken = t.path("access_token").asText();
        refreshToken = t.path("refresh_token").asText(null);
        tokenExpires = Instant.now().plusSeconds(t.path("expires_in").asLong(60));
    }

    private String token() throws Exception {
        if (Instant.now().isAfter(tokenExpires.minusSeconds(30))) {
            login();
        }
        return accessToken;
    }

    private HttpRequest.Builder authorized(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
    }

    private JsonNode get(String path) throws Exception {
        return send(authorized(path).GET().build());
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            String detail = r.body();
            try {
                JsonNode problem = JSON.readTree(r.body());
                detail = problem.path("title").asText() + ": " + problem.path("detail").asText(r.body());
            } catch (IOException notJson) {
                // the raw body is the detail
            }
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + " — " + detail);
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private URI wsUrl() {
        return URI.create(api.replaceFirst("^http", "ws") + "/ws/events");
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("stop requested");
        }
    }

    private void say(String line) {
        out.println("  " + line);
        out.flush();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The live connection: the user's whole stream, every event queued for the demo's loop. */
    static final class Events implements AutoCloseable {
        private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
        private final List<JsonNode> frames = java.util.Collections.synchronizedList(new ArrayList<>());
        private WebSocket socket;

        List<JsonNode> frames() {
            synchronized (frames) {
                return List.copyOf(frames);
            }
        }

        static Events connect(HttpClient http, URI url, String token, PrintStream out) throws Exception {
            Events events = new Events();
            StringBuilder partial = new StringBuilder();
            events.socket = http.newWebSocketBuilder().subprotocols("clipizy.v1", "bearer." + token)
                    .buildAsync(url, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                try {
                                    JsonNode frame = JSON.readTree(partial.toString());
                                    events.frames.add(frame);
                                    if ("event".equals(frame.path("type").asText())) {
                                        events.queue.add(frame.path("event"));
                                    }
                                } catch (IOException e) {
                                    out.println("  (an unreadable frame from the event hub was skipped)");
                                }
                                partial.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(15, TimeUnit.SECONDS);
            events.socket.sendText("{\"type\":\"subscribe\",\"id\":\"demo\",\"stream\":\"user\"}", true);
            return events;
        }

        JsonNode poll(Duration wait) throws InterruptedException {
            return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "demo done").orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null);
            }
        }
    }

    /** A progress bar per step: redrawn in place on a terminal, one line per change otherwise (logs, CI). */
    static final class Bars {
        private final PrintStream out;
        private final boolean terminal = System.console() != null && System.getenv("CI") == null;
        private final Map<String, String> lines = new LinkedHashMap<>();
        private final Map<String, Integer> lastPercent = new LinkedHashMap<>();
        private int drawn;

        Bars(PrintStream out) {
            this.out = out;
        }

        void update(String step, double progress, String message) {
            int percent = (int) Math.round(Math.max(0, Math.min(1, progress)) * 100);
            int filled = percent / 5;
            String line = String.format(Locale.ROOT, "  %-22s [%s%s] %3d%%  %s", shorten(step, 22), "#".repeat(filled),
                    "-".repeat(20 - filled), percent, shorten(message, 60));
            lines.put(step, line);
            if (terminal) {
                redraw();
            } else if (!lastPercent.containsKey(step) || Math.abs(lastPercent.get(step) - percent) >= 25 || percent == 100) {
                out.println(line);
            }
            lastPercent.put(step, percent);
            out.flush();
        }

        void note(String text) {
            if (terminal && drawn > 0) {
                out.print("\033[" + drawn + "F\033[J");
                drawn = 0;
            }
            out.println("  " + text);
            if (terminal) {
                redraw();
            }
        }

        void finish() {
            out.flush();
        }

        private void redraw() {
            if (drawn > 0) {
                out.print("\033[" + drawn + "F");
            }
            for (String l : lines.values()) {
                out.print("\033[2K" + l + "\n");
            }
            drawn = lines.size();
        }

        private static String shorten(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max - 1) + "…";
        }
    }
}
