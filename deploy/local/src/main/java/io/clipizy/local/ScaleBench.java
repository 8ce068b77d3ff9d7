package io.clipizy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.infra.PostgresDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * PERFORMANCE.md P9, scale: many concurrent workflow runs through the public API of a running stack started with
 * {@code deploy/run.sh --no-build --simulate-providers [SPEC]} (images, clips and renders made by the gateway's
 * simulated provider: latency and faults injected, small real outputs stored through media).
 *
 * <p>Creates {@code --users} accounts in Keycloak (scale-1, scale-2, ...; the realm admin API) and gives each a large
 * credit balance (an admin adjustment by demo2), opens one event-hub WebSocket per user on its {@code user} stream,
 * then starts {@code --runs} runs of {@code video-clip.standard} with {@code --scenes} scenes (per run: N image
 * generations, N clip generations and one render, so 1,000 runs of 4 scenes put 9,000 tasks in flight), approves
 * each run's scene list when it asks (as a person would), and follows every run to its end over the WebSocket, until
 * every run has ended or {@code --deadline} (40 min unless told) has passed. A run not seen to end by then is read back
 * over REST (a lost end event, or still going) and, when still going, cancelled through {@code POST /api/runs/{id}/cancel}
 * so that nothing the bench started is left running; {@code --drain} (2 min) later every such run's state is read again.
 * A run is stuck when no event about it (its own or its tasks') has arrived for {@code --stuck-after} (5 min) at the
 * deadline. It prints the final state of every run (ended by the deadline, or not) with the stuck ones counted.
 *
 * <p>Reports runs succeeded / failed / cancelled / stuck, event lag (the event's {@code occurredAt} to its arrival here, p50 and
 * p99), runs/s and tasks/s, PostgreSQL rows written per second (pg_stat_database, the stack's databases), and the CPU
 * and peak RSS of each service and of the infrastructure during the run, as {@code name, ours, peer, ratio, unit}.
 *
 * <p>{@code java -cp "deploy/local/target/classes:$(cat deploy/local/target/launcher.classpath)" io.clipizy.local.ScaleBench [--smoke] [--runs 1000] [--users 10] [--scenes 4] [--deadline 40m] [--parallel 32] [--stuck-after 5m] [--drain 2m]}
 */
public final class ScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKFLOW = "video-clip.standard";
    private static final String PASSWORD = "scale-bench-password";
    private static final Set<String> RUN_ENDS = Set.of("RunSucceeded", "RunFailed", "RunCancelled");
    private static final Set<String> TASK_ENDS = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final Set<String> RUN_STATES_ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final Map<String, String> STATE_OF_END = Map.of("RunSucceeded", "SUCCEEDED", "RunFailed", "FAILED",
            "RunCancelled", "CANCELLED");

    record Options(int runs, int users, int scenes, Duration deadline, int parallel, Duration stuckAfter, Duration drain) {
        static Options parse(String[] args) {
            int runs = 1000;
            int users = 10;
            int scenes = 4;
            Duration deadline = Duration.ofMinutes(40);
            int parallel = 32;
            Duration stuckAfter = Duration.ofMinutes(5);
            Duration drain = Duration.ofMinutes(2);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> {
                        runs = 20;
                        users = 2;
                        deadline = Duration.ofMinutes(5);
                    }
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--users" -> users = Integer.parseInt(args[++i]);
                    case "--scenes" -> scenes = Integer.parseInt(args[++i]);
                    case "--deadline" -> deadline = SimulatedProviders.duration(args[++i]);
                    case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                    case "--stuck-after" -> stuckAfter = SimulatedProviders.duration(args[++i]);
                    case "--drain" -> drain = SimulatedProviders.duration(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: ScaleBench [--smoke] [--runs N] [--users N] [--scenes N] [--deadline 40m] [--parallel N]"
                            + " [--stuck-after 5m] [--drain 2m]");
                }
            }
            if (runs < 1 || users < 1 || users > runs || scenes < 1 || scenes > 24 || parallel < 1
                    || deadline.isZero() || stuckAfter.isZero() || drain.isNegative()) {
                throw new IllegalArgumentException("need 1 <= users <= runs, 1 <= scenes <= 24, parallel >= 1, "
                        + "a deadline and --stuck-after above 0");
            }
            return new Options(runs, users, scenes, deadline, parallel, stuckAfter, drain);
        }
    }

    /** One run as seen from here. */
    static final class RunState {
        volatile String user;
        volatile long startedAt;
        volatile long endedAt;
        /** When an event about this run (its own or one of its tasks') last arrived, or when it was started. */
        volatile long lastProgressAt;
        volatile String end;
        volatile String error;
        final AtomicInteger approvals = new AtomicInteger();
    }

    private final Options options;
    private final String api = StackSettings.GATEWAY_URL;
    private final StackSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<UUID, RunState> runs = new ConcurrentHashMap<>();
    private final Map<UUID, String> tasks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> providers = new ConcurrentHashMap<>();
    private final AtomicInteger startFailures = new AtomicInteger();
    private final Map<String, AtomicInteger> failureReasons = new ConcurrentHashMap<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong lastEventAt = new AtomicLong();
    private final Lags lags = new Lags();
    private final Map<String, WebSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean finished;
    private ExecutorService pool;

    ScaleBench(Options options, StackSettings settings) {
        this.options = options;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int code = new ScaleBench(options, new StackSettings(System.getenv())).run();
        System.exit(code);
    }

    int run() throws Exception {
        pool = Executors.newFixedThreadPool(options.parallel());
        System.out.printf("P9: %d runs of %s (%d scenes: %d tasks each), %d users, deadline %s, through %s%n",
                options.runs(), WORKFLOW, options.scenes(), 2 * options.scenes() + 1, options.users(),
                human(options.deadline()), api);
        List<User> users = users();
        for (User u : users) {
            sockets.put(u.name, connect(u));
        }
        Processes processes = new Processes();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(processes::sampleRss, 0, 2, TimeUnit.SECONDS);
        long[] rowsBefore = dbRows(settings);
        processes.cpuStart();
        long t0 = System.nanoTime();
        long wall0 = System.currentTimeMillis();
        for (int i = 0; i < options.runs(); i++) {
            User user = users.get(i % users.size());
            int index = i;
            pool.submit(() -> start(user, index));
        }
        long deadline = t0 + options.deadline().toNanos();
        long nextReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long ended = runs.values().stream().filter(r -> r.end != null).count();
            if (ended + startFailures.get() >= options.runs()) {
                break;
            }
            if (System.nanoTime() >= nextReport) {
                nextReport = System.nanoTime() + 10_000_000_000L;
                long doneTasks = tasks.values().stream().filter(TASK_ENDS::contains).count();
                System.out.printf(Locale.ROOT, "%5.0f s: %d runs started, %d ended, %d start failures; tasks %d seen, %d ended; "
                                + "%d events, lag p99 so far %d ms; %d runs without progress for %s%n", (System.nanoTime() - t0) / 1e9,
                        runs.values().stream().filter(r -> r.startedAt > 0).count(), ended, startFailures.get(),
                        tasks.size(), doneTasks, events.get(), lags.percentile(0.99),
                        silentRuns(System.currentTimeMillis()).size(), human(options.stuckAfter()));
            }
            Thread.sleep(500);
        }
        long t1 = System.nanoTime();
        long deadlineWall = System.currentTimeMillis();
        processes.cpuEnd();
        long[] rowsAfter = dbRows(settings);
        sampler.shutdownNow();

        // Every run not seen to end by now: read back over REST (a lost end event, or still going); those still going
        // are cancelled through the public API so that nothing the bench started is left running.
        Map<UUID, RunState> unfinished = new TreeMap<>();
        runs.forEach((id, r) -> {
            if (r.end == null && r.user != null) {
                unfinished.put(id, r);
            }
        });
        Map<UUID, RunState> silentAtDeadline = new TreeMap<>();
        silentRuns(deadlineWall).forEach(id -> silentAtDeadline.put(id, runs.get(id)));
        Map<String, Integer> statesAtDeadline = new TreeMap<>();
        Map<UUID, String> atDeadline = readStates(users, unfinished.keySet());
        atDeadline.values().forEach(st -> statesAtDeadline.merge(st, 1, Integer::sum));
        int endedButUnseen = (int) atDeadline.values().stream().filter(RUN_STATES_ENDED::contains).count();
        List<UUID> toCancel = atDeadline.entrySet().stream().filter(e -> !RUN_STATES_ENDED.contains(e.getValue()))
                .map(Map.Entry::getKey).toList();
        AtomicInteger cancelRefused = new AtomicInteger();
        if (!toCancel.isEmpty()) {
            System.out.printf("deadline: %d runs not ended (%s); cancelling them through POST /api/runs/{id}/cancel%n",
                    toCancel.size(), statesAtDeadline);
            List<java.util.concurrent.Future<?>> cancels = new ArrayList<>();
            for (UUID id : toCancel) {
                User u = userOf(users, runs.get(id));
                cancels.add(pool.submit(() -> {
                    try {
                        post(u, "/api/runs/" + id + "/cancel", JSON.createObjectNode());
                    } catch (Exception e) {
                        cancelRefused.incrementAndGet();
                        failureReasons.computeIfAbsent("cancel: " + shortly(e.getMessage()), k -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : cancels) {
                f.get();
            }
        }
        // the runs' ends (cancellations included) as workflow-service reads them once the drain time is over or all ended
        Map<UUID, String> finalStates = readStates(users, unfinished.keySet());
        long drainEnd = System.nanoTime() + options.drain().toNanos();
        while (finalStates.values().stream().anyMatch(st -> !RUN_STATES_ENDED.contains(st)) && System.nanoTime() < drainEnd) {
            Thread.sleep(2000);
            finalStates = readStates(users, finalStates.entrySet().stream()
                    .filter(e -> !RUN_STATES_ENDED.contains(e.getValue())).map(Map.Entry::getKey).toList(), finalStates);
        }
        finished = true;
        for (WebSocket s : sockets.values()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(x -> null);
        }
        pool.shutdownNow();

        double seconds = (t1 - t0) / 1e9;
        long lastEnd = runs.values().stream().mapToLong(r -> r.endedAt).filter(at -> at <= deadlineWall).max().orElse(0);
        double activeSeconds = lastEnd > 0 ? (lastEnd - wall0) / 1000.0 : seconds;
        long succeeded = countEnds("RunSucceeded", deadlineWall);
        long failed = countEnds("RunFailed", deadlineWall);
        long cancelled = countEnds("RunCancelled", deadlineWall);
        long tasksEnded = tasks.values().stream().filter(TASK_ENDS::contains).count();
        long tasksFailed = tasks.values().stream().filter("FAILED"::equals).count();
        long rows = (rowsAfter[0] - rowsBefore[0]) + (rowsAfter[1] - rowsBefore[1]) + (rowsAfter[2] - rowsBefore[2]);

        // each run's final state: its end event when it came before the deadline, else what REST says after the cancel
        Map<String, int[]> table = new TreeMap<>();
        for (Map.Entry<UUID, RunState> e : runs.entrySet()) {
            RunState r = e.getValue();
            if (r.user == null) {
                continue;
            }
            boolean byDeadline = r.end != null && r.endedAt <= deadlineWall;
            String state = byDeadline ? STATE_OF_END.get(r.end)
                    : finalStates.getOrDefault(e.getKey(), r.end != null ? STATE_OF_END.get(r.end) : "?");
            int[] counts = table.computeIfAbsent(state, k -> new int[3]);
            counts[byDeadline || RUN_STATES_ENDED.contains(atDeadline.getOrDefault(e.getKey(), "")) ? 0 : 1]++;
            if (silentAtDeadline.containsKey(e.getKey())) {
                counts[2]++;
            }
        }
        int leftRunning = table.entrySet().stream().filter(t -> !RUN_STATES_ENDED.contains(t.getKey()))
                .mapToInt(t -> t.getValue()[0] + t.getValue()[1]).sum();
        int stuck = silentAtDeadline.size();

        System.out.println();
        System.out.printf(Locale.ROOT, "providers of the tasks: %s; run failures by reason: %s; runs not ended at the deadline by state: %s%n",
                new TreeMap<>(providers), new TreeMap<>(failureReasons), statesAtDeadline);
        System.out.printf("final state of every run started (workflow-service's status), %s after the deadline's cancels:%n",
                human(options.drain()));
        System.out.println("  state          ended by the deadline   not ended at the deadline   no event for " + human(options.stuckAfter()) + " at the deadline (stuck)");
        table.forEach((state, c) -> System.out.printf(Locale.ROOT, "  %-14s %21d   %25d   %d%n", state, c[0], c[1], c[2]));
        if (stuck > 0) {
            System.out.println("stuck runs (no event for " + human(options.stuckAfter()) + " at the deadline): "
                    + silentAtDeadline.keySet().stream().limit(20).map(UUID::toString).toList() + (stuck > 20 ? " ..." : ""));
        }
        System.out.println("name, ours, peer, ratio, unit");
        row("P9 runs started (" + WORKFLOW + ", " + options.scenes() + " scenes, " + options.users() + " users)",
                runs.values().stream().filter(r -> r.startedAt > 0).count(), "runs");
        row("P9 runs whose start was refused", startFailures.get(), "runs");
        row("P9 runs succeeded by the " + options.deadline().toMinutes() + "-min deadline", succeeded, "runs");
        row("P9 runs failed cleanly by the deadline (RunFailed with a reason)", failed + cancelled, "runs");
        row("P9 runs not ended by the deadline, cancelled by the bench (refused: " + cancelRefused.get() + ")", toCancel.size(), "runs");
        row("P9 runs with no event for " + human(options.stuckAfter()) + " at the deadline (stuck; target 0)", stuck, "runs");
        row("P9 runs still not ended " + human(options.drain()) + " after the cancels (target 0)", leftRunning, "runs");
        row("P9 runs ended by the deadline (per REST) whose end event had not arrived", endedButUnseen, "runs");
        row("P9 tasks ended (of which failed)", tasksEnded + " (" + tasksFailed + ")", "tasks");
        row("P9 events received over the WebSocket (reconnects: " + reconnects.get() + ")", events.get(), "events");
        row("P9 event lag p50 (occurredAt to received)", lags.percentile(0.50), "ms");
        row("P9 event lag p99 (target < 1000)", lags.percentile(0.99), "ms");
        row("P9 event lag max", lags.percentile(1.0), "ms");
        row("P9 runs/s (runs ended by the deadline / first start to last end)", fmt(succeeded + failed + cancelled, activeSeconds), "runs/s");
        row("P9 tasks/s", fmt(tasksEnded, activeSeconds), "tasks/s");
        row("P9 events/s", fmt(events.get(), activeSeconds), "events/s");
        row("P9 PostgreSQL rows written/s (inserted+updated+deleted, clipizy_* databases)", fmt(rows, seconds), "rows/s");
        row("P9 time to the last run's end", String.format(Locale.ROOT, "%.1f", activeSeconds), "s");
        processes.rows(seconds).forEach(System.out::println);
        return stuck == 0 && endedButUnseen == 0 && toCancel.isEmpty() && leftRunning == 0 ? 0 : 1;
    }

    /** Started runs not seen to end whose last event (or start) is older than {@code --stuck-after} at {@code now}. */
    private List<UUID> silentRuns(long now) {
        long limit = now - options.stuckAfter().toMillis();
        List<UUID> silent = new ArrayList<>();
        runs.forEach((id, r) -> {
            if (r.end == null && r.user != null && r.lastProgressAt > 0 && r.lastProgressAt < limit) {
                silent.add(id);
            }
        });
        return silent;
    }

    private long countEnds(String end, long by) {
        return runs.values().stream().filter(r -> end.equals(r.end) && r.endedAt <= by).count();
    }

    private static User userOf(List<User> users, RunState r) {
        return users.stream().filter(x -> x.name.equals(r.user)).findFirst().orElseThrow();
    }

    private Map<UUID, String> readStates(List<User> users, java.util.Collection<UUID> ids) throws Exception {
        return readStates(users, ids, new TreeMap<>());
    }

    /** Each run's status as workflow-service reads it ({@code GET /api/runs/{id}}), "?" when unreadable, into {@code into}. */
    private Map<UUID, String> readStates(List<User> users, java.util.Collection<UUID> ids, Map<UUID, String> into)
            throws Exception {
        Map<UUID, String> read = new ConcurrentHashMap<>();
        List<java.util.concurrent.Future<?>> reads = new ArrayList<>();
        for (UUID id : ids) {
            User u = userOf(users, runs.get(id));
            reads.add(pool.submit(() -> {
                String status;
                try {
                    status = get(u, "/api/runs/" + id).path("run").path("status").asText("?");
                } catch (Exception e) {
                    status = "?";
                }
                read.put(id, status);
            }));
        }
        for (java.util.concurrent.Future<?> f : reads) {
            f.get();
        }
        Map<UUID, String> result = new TreeMap<>(into);
        result.putAll(read);
        return result;
    }

    static String human(Duration d) {
        return d.toMillis() % 60_000 == 0 ? d.toMinutes() + " min" : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String fmt(long n, double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds <= 0 ? 0 : n / seconds);
    }

    private static void row(String name, Object ours, String unit) {
        System.out.println(name + ", " + ours + ", —, —, " + unit);
    }

    // ---- runs ------------------------------------------------------------------------------------------------------

    private void start(User user, int index) {
        ObjectNode inputs = JSON.createObjectNode().put("description", "Scale test clip " + index + ": a city waking up")
                .put("style", "cinematic").put("scenes", options.scenes()).put("duration", 4 * options.scenes())
                .put("aspectRatio", "16:9").put("resolution", "720p");
        ObjectNode body = JSON.createObjectNode().put("workflowId", WORKFLOW);
        body.set("inputs", inputs);
        try {
            long started = System.currentTimeMillis();
            JsonNode detail = post(user, "/api/runs", body);
            UUID id = UUID.fromString(detail.path("run").path("id").asText());
            RunState r = runs.computeIfAbsent(id, k -> new RunState());
            r.user = user.name;
            r.startedAt = started;
            r.lastProgressAt = Math.max(r.lastProgressAt, started);
        } catch (Exception e) {
            startFailures.incrementAndGet();
            failureReasons.computeIfAbsent("start: " + shortly(e.getMessage()), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void onEvent(User user, JsonNode event, long receivedAt) {
        events.incrementAndGet();
        lastEventAt.set(receivedAt);
        String occurred = event.path("occurredAt").asText(null);
        if (occurred != null) {
            lags.add(receivedAt - Instant.parse(occurred).toEpochMilli());
        }
        String type = event.path("type").asText();
        if (event.hasNonNull("runId")) {
            RunState progressed = runs.computeIfAbsent(UUID.fromString(event.path("runId").asText()), k -> new RunState());
            progressed.lastProgressAt = receivedAt;
            if (progressed.user == null) {
                progressed.user = user.name;
            }
        }
        if ("TaskEvent".equals(type)) {
            String id = event.path("taskId").asText();
            String status = event.path("status").asText();
            UUID taskId = UUID.fromString(id);
            // the hub delivers a user's events in order; a task's end is never followed by progress
            String previous = tasks.put(taskId, status);
            if (previous != null && TASK_ENDS.contains(previous) && !TASK_ENDS.contains(status)) {
                tasks.put(taskId, previous);
                return;
            }
            if (TASK_ENDS.contains(status) && (previous == null || !TASK_ENDS.contains(previous))) {
                providers.computeIfAbsent(event.path("provider").asText("?"), k -> new AtomicInteger()).incrementAndGet();
            }
            return;
        }
        if (!event.hasNonNull("runId")) {
            return;
        }
        UUID runId = UUID.fromString(event.path("runId").asText());
        RunState r = runs.computeIfAbsent(runId, k -> new RunState());
        if (r.user == null) {
            r.user = user.name;
        }
        if ("InputRequested".equals(type)) {
            String node = event.path("nodeId").asText();
            r.approvals.incrementAndGet();
            pool.submit(() -> {
                try {
                    post(user, "/api/runs/" + runId + "/inputs/" + node, JSON.createObjectNode().put("action", "approve"));
                } catch (Exception e) {
                    failureReasons.computeIfAbsent("approve: " + shortly(e.getMessage()), k -> new AtomicInteger()).incrementAndGet();
                }
            });
        } else if (RUN_ENDS.contains(type) && r.end == null) {
            r.endedAt = receivedAt;
            r.end = type;
            if (!"RunSucceeded".equals(type)) {
                r.error = event.path("error").path("message").asText(event.path("reason").asText(""));
                failureReasons.computeIfAbsent("run: " + shortly(r.error), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private static String shortly(String message) {
        if (message == null) {
            return "?";
        }
        String s = message.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    // ---- users, tokens, credits ------------------------------------------------------------------------------------

    final class User {
        final String name;
        final String password;
        String sub;
        volatile long cursor;
        private String access;
        private String refresh;
        private Instant expires = Instant.EPOCH;

        User(String name, String password) {
            this.name = name;
            this.password = password;
        }

        synchronized void expire() {
            expires = Instant.EPOCH;
        }

        synchronized String token() throws Exception {
            if (Instant.now().isAfter(expires.minusSeconds(30))) {
                String form = refresh != null
                        ? "grant_type=refresh_token&client_id=" + ClipizyRealm.CLI_CLIENT + "&refresh_token=" + enc(refresh)
                        : "grant_type=password&client_id=" + ClipizyRealm.CLI_CLIENT + "&username=" + enc(name)
                        + "&password=" + enc(password) + "&scope=openid";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(settings.issuer() + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    if (refresh != null) {
                        refresh = null;
                        return token();
                    }
                    throw new IllegalStateException("Keycloak refused " + name + ": " + r.statusCode() + " " + r.body());
                }
                JsonNode t = JSON.readTree(r.body());
                access = t.path("access_token").asText();
                refresh = t.path("refresh_token").asText(null);
                expires = Instant.now().plusSeconds(t.path("expires_in").asLong(60));
                sub = JSON.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1])).path("sub").asText();
            }
            return access;
        }
    }

    /** scale-1..N, created through Keycloak's admin API when missing, each signed in and funded. */
    private List<User> users() throws Exception {
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(settings.keycloakUrl()
                        + "/realms/master/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + enc(settings.keycloakAdminUser()) + "&password=" + enc(settings.keycloakAdminPassword()))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (t.statusCode() != 200) {
            throw new IllegalStateException("Keycloak's admin refused: " + t.statusCode() + " " + t.body());
        }
        String admin = JSON.readTree(t.body()).path("access_token").asText();
        User funder = new User("demo2", "demo2");
        List<User> users = new ArrayList<>();
        for (int i = 1; i <= options.users(); i++) {
            String name = "scale-" + i;
            ObjectNode user = JSON.createObjectNode().put("username", name).put("enabled", true).put("emailVerified", true)
                    .put("firstName", "Scale").put("lastName", "User " + i).put("email", name + "@example.com");
            user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/admin/realms/"
                            + StackSettings.REALM + "/users")).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(user.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("creating " + name + " in Keycloak: " + r.statusCode() + " " + r.body());
            }
            User u = new User(name, PASSWORD);
            u.token();
            long balance = get(u, "/api/credits/balance").path("balance").asLong(0);
            if (balance < 200_000) {
                ObjectNode adjust = JSON.createObjectNode().put("ownerId", u.sub).put("delta", 1_000_000)
                        .put("reason", "P9 scale benchmark");
                send(funder, HttpRequest.newBuilder(URI.create(api + "/api/credits/adjustments"))
                        .header("Content-Type", "application/json").header("Idempotency-Key", "p9-" + UUID.randomUUID())
                        .POST(HttpRequest.BodyPublishers.ofString(adjust.toString())));
            }
            users.add(u);
        }
        return users;
    }

    // ---- HTTP and WebSocket ----------------------------------------------------------------------------------------

    private JsonNode get(User user, String path) throws Exception {
        return send(user, HttpRequest.newBuilder(URI.create(api + path)).GET());
    }

    private JsonNode post(User user, String path, JsonNode body) throws Exception {
        return send(user, HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(User user, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + user.token())
                .header("Accept", "application/json").timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    /**
     * The user's {@code user} stream; when the hub closes the connection (4001 token expired, 4002 too slow) it is
     * opened again with a fresh token and resumed after the last cursor seen, as a client should.
     */
    private WebSocket connect(User user) throws Exception {
        StringBuilder partial = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().subprotocols("clipizy.v1", "bearer." + user.token())
                .buildAsync(URI.create(api.replaceFirst("^http", "ws") + "/ws/events"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            long now = System.currentTimeMillis();
                            try {
                                JsonNode frame = JSON.readTree(partial.toString());
                                if (frame.has("cursor") && "event".equals(frame.path("type").asText())) {
                                    user.cursor = Math.max(user.cursor, frame.path("cursor").asLong());
                                }
                                if ("event".equals(frame.path("type").asText())) {
                                    onEvent(user, frame.path("event"), now);
                                } else if ("error".equals(frame.path("type").asText())) {
                                    System.out.println("event hub error frame for " + user.name + ": " + frame);
                                }
                            } catch (IOException | RuntimeException e) {
                                System.out.println("unreadable frame: " + e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        System.out.println("WebSocket of " + user.name + " closed: " + status + " " + reason);
                        if (status != WebSocket.NORMAL_CLOSURE && !finished) {
                            reconnects.incrementAndGet();
                            Thread again = new Thread(() -> {
                                try {
                                    user.expire();
                                    sockets.put(user.name, connect(user));
                                } catch (Exception e) {
                                    System.out.println("reconnecting " + user.name + " failed: " + e);
                                }
                            }, "reconnect-" + user.name);
                            again.setDaemon(true);
                            again.start();
                        }
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        System.out.println("WebSocket of " + user.name + " failed: " + error);
                    }
                }).get(30, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"id\":\"p9\",\"stream\":\"user\""
                + (user.cursor > 0 ? ",\"after\":" + user.cursor : "") + "}", true);
        return socket;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Rows inserted, updated and deleted in the stack's databases so far (pg_stat_database): the databases of the set
     * the stack runs on ({@code CLIPIZY_DATABASE_SET}, as the launcher names them).
     */
    static long[] dbRows(StackSettings settings) {
        PostgresDatabases db = PostgresDatabases.fromEnvironment();
        String[] names = Services.ALL.stream().map(settings::database).toArray(String[]::new);
        try (Connection c = db.connect("postgres"); PreparedStatement s = c.prepareStatement(
                "SELECT coalesce(sum(tup_inserted),0), coalesce(sum(tup_updated),0), coalesce(sum(tup_deleted),0) "
                        + "FROM pg_stat_database WHERE datname = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", names));
            ResultSet r = s.executeQuery();
            r.next();
            return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
        } catch (Exception e) {
            System.out.println("pg_stat_database unreadable: " + e.getMessage());
            return new long[3];
        }
    }

    /** Event lags in ms; percentiles by sorting a copy (a run makes a few hundred thousand at most). */
    static final class Lags {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long ms) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = ms;
        }

        synchronized long percentile(double p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(sorted);
            int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p * size) - 1));
            return sorted[index];
        }
    }

    /** The stack's processes found by their command lines: CPU used over the run, and peak RSS sampled every 2 s. */
    static final class Processes {
        private final Map<String, Predicate<String>> groups = new LinkedHashMap<>();
        private final Map<String, Long> cpuStart = new ConcurrentHashMap<>();
        private final Map<String, Long> cpuEnd = new ConcurrentHashMap<>();
        private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();

        Processes() {
            // first the two JVMs whose class paths name everything (s3proxy, kafka-clients...)
            groups.put("this load generator", cmd -> cmd.contains("io.clipizy.local.ScaleBench"));
            groups.put("launcher + API gateway", cmd -> cmd.contains("io.clipizy.local.Stack"));
            for (ServiceSpec spec : Services.ALL) {
                String jar = "/" + spec.module() + "/target/quarkus-app/quarkus-run.jar";
                groups.put(spec.module(), cmd -> cmd.contains(jar));
            }
            groups.put("kafka", cmd -> cmd.contains(" " + KafkaBroker.BROKER_MAIN + " "));
            groups.put("keycloak", cmd -> cmd.contains("keycloak") && cmd.contains("java"));
            groups.put("s3proxy", cmd -> cmd.contains("s3proxy") && cmd.contains("java"));
            groups.put("postgresql (all its processes, other users' included)",
                    cmd -> cmd.startsWith("postgres") || cmd.contains("/bin/postgres "));
        }

        private Map<String, List<Long>> pids() {
            Map<String, List<Long>> pids = new LinkedHashMap<>();
            ProcessHandle.allProcesses().forEach(p -> {
                String cmd = cmdline(p.pid());
                for (Map.Entry<String, Predicate<String>> g : groups.entrySet()) {
                    if (!cmd.isEmpty() && g.getValue().test(cmd)) {
                        pids.computeIfAbsent(g.getKey(), k -> new ArrayList<>()).add(p.pid());
                        break;
                    }
                }
            });
            return pids;
        }

        void cpuStart() {
            pids().forEach((g, list) -> cpuStart.put(g, list.stream().mapToLong(Processes::cpuTicks).sum()));
        }

        void cpuEnd() {
            pids().forEach((g, list) -> cpuEnd.put(g, list.stream().mapToLong(Processes::cpuTicks).sum()));
        }

        void sampleRss() {
            pids().forEach((g, list) -> peakRssKb.merge(g, list.stream().mapToLong(FootprintBench::vmRssKb).sum(), Math::max));
        }

        List<String> rows(double seconds) {
            List<String> rows = new ArrayList<>();
            for (String g : groups.keySet()) {
                if (!cpuEnd.containsKey(g)) {
                    continue;
                }
                // processes that started or ended during the run (postgres backends) make this approximate
                double cores = Math.max(0, cpuEnd.get(g) - cpuStart.getOrDefault(g, 0L)) / 100.0 / seconds;
                rows.add(String.format(Locale.ROOT, "P9 CPU of %s, %.2f, —, —, cores", g, cores));
                rows.add(String.format(Locale.ROOT, "P9 peak RSS of %s, %.0f, —, —, MB", g,
                        peakRssKb.getOrDefault(g, 0L) / 1024.0));
            }
            return rows;
        }

        private static String cmdline(long pid) {
            try {
                byte[] bytes = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
                return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        /** utime + stime in clock ticks (100 per second on Linux). */
        private static long cpuTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
