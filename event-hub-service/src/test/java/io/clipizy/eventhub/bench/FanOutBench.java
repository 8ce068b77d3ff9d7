package io.clipizy.eventhub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.eventhub.persistence.ReplayRepository;
import io.clipizy.infra.PostgresDatabases;
import io.clipizy.testing.KafkaResource;
import io.clipizy.testing.OidcResource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;

/**
 * Benchmark P6 (PERFORMANCE.md): event fan-out from Kafka {@code task.events} to WebSocket clients, the Quarkus event
 * hub against a Node.js {@code ws} + {@code kafkajs} hub doing the same live job ({@code bench/node-hub}), one after
 * the other on the same machine, each as its own process, against the same in-process Kafka broker.
 *
 * <p>For each hub: N connections (5 per user, each following its own chat stream), a seed event per chat (a chat
 * stream exists from its first event), then a warm-up, a steady phase at 1,000 events/s, a broadcast burst (one event
 * for every chat at once) and a stepped ramp that stops at the first step the hub does not keep up with (an event
 * lost, or more than a second of backlog); the highest rate sustained with p99 under 25, 50 and 100 ms is reported. Prints {@code name, ours, peer, ratio, unit} lines and writes them,
 * with the per-step detail, to the results file. Each steady and ramp step also says where the machine's CPU went
 * ({@link CpuMeter}: the hub, the load generator with the in-process broker, PostgreSQL, the whole machine), so a step
 * the hub does not keep up with can be told apart from a step the machine cannot carry.
 *
 * <p>Run it with {@code bench/run-p6.sh} (it builds the hub and the class path); arguments: {@code --clients N},
 * {@code --rate R}, {@code --warmup-seconds S}, {@code --steady-seconds S}, {@code --ramp r1,r2,...}, {@code --ramp-seconds S},
 * {@code --jar quarkus-run.jar}, {@code --node-dir dir}, {@code --out file}, {@code --heap 1g}, {@code --hub-jvm "flags"} (the Quarkus hub's JVM flags besides the heap),
 * {@code --hubs quarkus,node,node-store} (node-store: the Node hub in durable mode, with the same replay store, schema
 * and batch statement as ours — the peer doing the same job on this path; the default runs all three),
 * {@code --hub-prop key=value} (a configuration property for the Quarkus hub), {@code --smoke}.
 */
public final class FanOutBench {
    static final double TARGET_P99_MS = 25.0;
    private static final int CHATS_PER_USER = 5;

    private FanOutBench() {
    }

    /** What one run does. */
    record Config(int clients, int rate, double warmupSeconds, double steadySeconds, int[] ramp, double rampSeconds,
                  Path jar, Path nodeDir, Path out, String heap, List<String> hubJvmOptions, List<String> hubs,
                  Map<String, String> hubProperties) {
    }

    /** What one hub did. */
    record HubResult(String name, ClientFleet.Step steady, ClientFleet.Step burst, List<ClientFleet.Step> ramp,
                     double sustainedMax, double sustainedMax50, double sustainedMax100, double cpuSecondsSteady, double residentMiB, long cursorBreaks,
                     long foreign, long unexpectedCloses, String closeReasons, double connectSeconds,
                     double subscribeSeconds) {
        /** CPU seconds the hub spent per 1,000 deliveries in the steady phase. */
        double cpuPer1000Steady() {
            return 1000 * cpuSecondsSteady / Math.max(1, steady.received.sum());
        }

        long lost() {
            long lost = steady.lost() + burst.lost();
            for (ClientFleet.Step step : ramp) {
                lost += step.lost();
            }
            return lost;
        }
    }

    public static void main(String[] args) throws Exception {
        Config config = parse(args);
        List<String> lines = run(config, System.out);
        if (config.out() != null) {
            Files.createDirectories(config.out().toAbsolutePath().getParent());
            Files.write(config.out(), lines);
            System.out.println("results written to " + config.out());
        }
        System.exit(0);
    }

    static Config parse(String[] args) {
        int clients = 5000;
        int rate = 1000;
        // 40 s at the steady rate before the steady phase, for both hubs: the JVM hub's JIT compilers take about a
        // minute of this load to settle on these 2 shared vCPUs (JFR: ~60 s of compiler-thread time, half the hub's
        // CPU while it lasts), and the load generator's own JVM warms up in the first hub's run.
        double warmup = 40;
        double steady = 30;
        int[] ramp = {250, 500, 1000, 2000, 4000, 8000, 12000, 16000};
        double rampSeconds = 6;
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        Path nodeDir = Path.of("bench/node-hub");
        Path out = null;
        String heap = "1g";
        List<String> hubJvmOptions = List.of();
        List<String> hubs = List.of("quarkus", "node", "node-store");
        Map<String, String> hubProperties = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> {
                    clients = 100;
                    rate = 200;
                    warmup = 1;
                    steady = 3;
                    ramp = new int[]{200, 400};
                    rampSeconds = 2;
                }
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
                case "--steady-seconds" -> steady = Double.parseDouble(args[++i]);
                case "--ramp" -> ramp = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--ramp-seconds" -> rampSeconds = Double.parseDouble(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--node-dir" -> nodeDir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--hub-jvm" -> hubJvmOptions = java.util.Arrays.stream(args[++i].trim().split("\\s+"))
                        .filter(option -> !option.isEmpty()).toList();
                case "--hubs" -> hubs = List.of(args[++i].split(","));
                case "--hub-prop" -> {
                    String[] pair = args[++i].split("=", 2);
                    hubProperties.put(pair[0], pair[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return new Config(clients, rate, warmup, steady, ramp, rampSeconds, jar, nodeDir, out, heap, hubJvmOptions, hubs,
                hubProperties);
    }

    static List<String> run(Config config, PrintStream log) throws Exception {
        Consumer<String> say = line -> log.println(Instant.now() + " " + line);
        Path logs = config.out() == null ? Files.createTempDirectory("p6-logs")
                : config.out().toAbsolutePath().getParent().resolve("logs");
        Files.createDirectories(logs);
        KafkaResource kafka = new KafkaResource();
        String bootstrap = kafka.start().get("kafka.bootstrap.servers");
        say.accept("Kafka (in-process, KRaft) at " + bootstrap);
        try {
            PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
            say.accept("PostgreSQL " + postgres.check());
            String database = "clipizy_eventhub_bench";
            postgres.recreate(database);
            Map<String, String> oidc = new OidcResource().start();
            int users = Math.max(1, config.clients() / CHATS_PER_USER);
            String[] tokens = new String[users];
            for (int u = 0; u < users; u++) {
                tokens[u] = OidcResource.user("p6-user-" + u);
            }
            say.accept(users + " users, " + config.clients() + " connections, one chat each");

            Map<String, String> props = new LinkedHashMap<>();
            props.put("quarkus.profile", "bench");
            props.put("clipizy.db.name", database);
            props.put("clipizy.db.host", postgres.host());
            props.put("clipizy.db.port", Integer.toString(postgres.port()));
            props.put("clipizy.db.user", postgres.user());
            props.put("clipizy.db.password", postgres.password() == null ? "" : postgres.password());
            props.put("kafka.bootstrap.servers", bootstrap);
            props.put("quarkus.oidc.public-key", oidc.get("quarkus.oidc.public-key"));
            props.put("quarkus.oidc.token.issuer", OidcResource.ISSUER);
            props.put("quarkus.oidc.discovery-enabled", "false");
            props.putAll(config.hubProperties());
            HubResult ours = null;
            if (config.hubs().contains("quarkus")) {
                try (HubProcess hub = HubProcess.quarkus(config.jar(), config.heap(), config.hubJvmOptions(), freePort(), props,
                        logs.resolve("quarkus-hub.log"))) {
                    ours = measure(hub, config, bootstrap, tokens, say);
                }
            }
            Map<String, String> env = new LinkedHashMap<>(Map.of("KAFKA_BROKERS", bootstrap,
                    "PUBLIC_KEY", oidc.get("quarkus.oidc.public-key"), "ISSUER", OidcResource.ISSUER,
                    "GROUP_ID", "p6-node-hub-" + UUID.randomUUID()));
            if (System.getenv("KAFKA_LOG_LEVEL") != null) {
                env.put("KAFKA_LOG_LEVEL", System.getenv("KAFKA_LOG_LEVEL"));
            }
            HubResult inMemory = null;
            if (config.hubs().contains("node")) {
                try (HubProcess hub = HubProcess.node("node", config.nodeDir(), freePort(), env, logs.resolve("node-hub.log"))) {
                    inMemory = measure(hub, config, bootstrap, tokens, say);
                }
            }
            HubResult durable = null;
            if (config.hubs().contains("node-store")) {
                // The same job as ours on this path: its own database with our hub's schema, our batch statement.
                String nodeDatabase = database + "_node";
                postgres.recreate(nodeDatabase);
                Flyway.configure().dataSource("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + nodeDatabase,
                                postgres.user(), postgres.password())
                        .locations("classpath:db/kit", "classpath:db/migration").load().migrate();
                Map<String, String> durableEnv = new LinkedHashMap<>(env);
                durableEnv.put("GROUP_ID", "p6-node-store-hub-" + UUID.randomUUID());
                durableEnv.put("STORE_URL", "postgres://" + URLEncoder.encode(postgres.user(), StandardCharsets.UTF_8)
                        + (postgres.password() == null || postgres.password().isEmpty() ? ""
                        : ":" + URLEncoder.encode(postgres.password(), StandardCharsets.UTF_8))
                        + "@" + postgres.host() + ":" + postgres.port() + "/" + nodeDatabase);
                durableEnv.put("STORE_SQL", storeBatchStatement());
                try (HubProcess hub = HubProcess.node("node-store", config.nodeDir(), freePort(), durableEnv,
                        logs.resolve("node-store-hub.log"))) {
                    durable = measure(hub, config, bootstrap, tokens, say);
                }
            }
            HubResult peer = inMemory != null ? inMemory : durable;
            if (ours == null || peer == null) {
                HubResult only = ours == null ? peer : ours;
                List<String> lines = new ArrayList<>(List.of("# P6, one hub only (--hubs " + only.name() + "), "
                        + Instant.now() + ", " + machine() + (config.hubProperties().isEmpty() ? "" : ", " + config.hubProperties())
                        + (config.hubJvmOptions().isEmpty() ? "" : ", JVM " + String.join(" ", config.hubJvmOptions())),
                        "# max sustained deliveries/s at p99 < 25 / 50 / 100 ms: " + fmt(only.sustainedMax()) + " / "
                                + fmt(only.sustainedMax50()) + " / " + fmt(only.sustainedMax100()),
                        "# hub CPU per 1000 deliveries (steady): " + fmt(only.cpuPer1000Steady()) + " cpu-s; RSS after run "
                                + fmt(only.residentMiB()) + " MiB"));
                lines.addAll(stepLines(only));
                lines.forEach(log::println);
                return lines;
            }
            List<String> lines = report(config, ours, peer);
            if (durable != null && durable != peer) {
                lines.addAll(durableReport(ours, durable));
            }
            lines.forEach(log::println);
            return lines;
        } finally {
            kafka.stop();
        }
    }

    private static HubResult measure(HubProcess hub, Config config, String bootstrap, String[] tokens,
                                     Consumer<String> say) throws Exception {
        hub.awaitReady(Duration.ofSeconds(120));
        say.accept(hub.name + " hub ready on port " + hub.port);
        try (ClientFleet fleet = new ClientFleet(config.clients())) {
            for (int i = 0; i < config.clients(); i++) {
                int user = Math.min(tokens.length - 1, i / CHATS_PER_USER);
                fleet.add("p6-user-" + user, tokens[user]);
            }
            long t0 = System.nanoTime();
            fleet.connectAll(hub.port, 64, say);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            try (EventPublisher publisher = new EventPublisher(bootstrap, fleet.clients)) {
                t0 = System.nanoTime();
                subscribeAll(fleet, publisher, say);
                double subscribeSeconds = (System.nanoTime() - t0) / 1e9;
                say.accept(hub.name + ": connected in " + fmt(connectSeconds) + " s, subscribed in "
                        + fmt(subscribeSeconds) + " s");

                int index = 0;
                ClientFleet.Step warmup = fleet.step(index, "warm-up");
                publisher.paced(warmup, index++, config.rate(), config.warmupSeconds(), behind(warmup, config.rate(), 5));
                drain(warmup);

                CpuMeter cpu = new CpuMeter(hub);
                ClientFleet.Step steady = fleet.step(index, "steady " + config.rate() + "/s");
                CpuMeter.Sample before = cpu.sample();
                publisher.paced(steady, index++, config.rate(), config.steadySeconds(), behind(steady, config.rate(), 5));
                drain(steady);
                CpuMeter.Sample after = cpu.sample();
                steady.cpu = CpuMeter.describe(before, after);
                double cpuSteady = after.hub() - before.hub();
                say.accept(hub.name + ": " + describe(steady));

                ClientFleet.Step burst = fleet.step(index, "burst " + fleet.clients.size());
                publisher.burst(burst, index++);
                drain(burst);
                say.accept(hub.name + ": " + describe(burst));

                // The ramp goes on while the hub keeps up (no backlog, nothing lost), so that deliveries/s can be
                // compared at equal p99 for any p99, not only 25 ms.
                List<ClientFleet.Step> ramp = new ArrayList<>();
                double[] sustained = new double[3];
                double[] bounds = {TARGET_P99_MS, 50, 100};
                List<ClientFleet.Step> measured = new ArrayList<>(List.of(steady));
                for (int rate : config.ramp()) {
                    ClientFleet.Step step = fleet.step(index, "ramp " + rate + "/s");
                    before = cpu.sample();
                    publisher.paced(step, index++, rate, config.rampSeconds(), behind(step, rate, 1));
                    drain(step);
                    step.cpu = CpuMeter.describe(before, cpu.sample());
                    ramp.add(step);
                    measured.add(step);
                    boolean keptUp = sustains(step, rate, Double.MAX_VALUE);
                    say.accept(hub.name + ": " + describe(step) + (keptUp ? "" : "  -> not kept up with, ramp stops"));
                    if (!keptUp) {
                        break;
                    }
                }
                for (ClientFleet.Step step : measured) {
                    int rate = step == steady ? config.rate() : Integer.parseInt(step.name.replaceAll("[^0-9]", ""));
                    for (int b = 0; b < bounds.length; b++) {
                        if (sustains(step, rate, bounds[b])) {
                            sustained[b] = Math.max(sustained[b], step.deliveriesPerSecond());
                        }
                    }
                }
                return new HubResult(hub.name, steady, burst, ramp, sustained[0], sustained[1], sustained[2], cpuSteady,
                        hub.residentMiB(),
                        fleet.cursorBreaks.sum(), fleet.foreign.sum(), fleet.unexpectedCloses.sum(),
                        fleet.closeReasons.toString(), connectSeconds, subscribeSeconds);
            }
        }
    }

    /** A step is sustained when the publisher kept the rate, nothing was lost, duplicated or reordered, and p99 < bound. */
    static boolean sustains(ClientFleet.Step step, int rate, double p99BoundMs) {
        return !step.aborted && step.lost() == 0 && step.duplicates.sum() == 0 && step.reordered.sum() == 0
                && step.publishedPerSecond() >= 0.95 * rate && step.percentileMs(99) < p99BoundMs;
    }

    /** Stops publishing a step once the hub is more than {@code seconds} of events behind. */
    private static java.util.function.BooleanSupplier behind(ClientFleet.Step step, int rate, double seconds) {
        long limit = Math.max(500, (long) (rate * seconds));
        return () -> step.published - step.received.sum() > limit;
    }

    /** Waits until every event of the step arrived, or nothing arrived for 10 s (the rest is lost), at most 120 s. */
    private static void drain(ClientFleet.Step step) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long last = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long received = step.received.sum();
            if (received >= step.published) {
                return;
            }
            if (received != last) {
                last = received;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Subscribes every client to its chat. A chat stream exists from its first event, so a client told "not-found" asks
     * again a little later; after a few refusals its seed event is published again (a hub that joined the topic at its
     * end may have missed it).
     */
    private static void subscribeAll(ClientFleet fleet, EventPublisher publisher, Consumer<String> say)
            throws InterruptedException {
        fleet.clients.forEach(c -> publisher.publish(c, -1));
        publisher.flush();
        List<ClientFleet.Client> pending = new ArrayList<>(fleet.clients);
        for (int attempt = 0; attempt < 60 && !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(500);
            }
            if (attempt > 0 && attempt % 8 == 0) {
                pending.forEach(c -> publisher.publish(c, -1));
                publisher.flush();
            }
            List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
            for (ClientFleet.Client c : pending) {
                answers.add(c.subscribe());
            }
            List<ClientFleet.Client> refused = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                JsonNode answer = answers.get(i).orTimeout(60, TimeUnit.SECONDS).join();
                if (!answer.path("type").asText().equals("ack")) {
                    if (!answer.path("code").asText().equals("not-found")) {
                        throw new IllegalStateException("subscribe refused: " + answer);
                    }
                    refused.add(pending.get(i));
                }
            }
            pending = refused;
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " chat streams never appeared on the hub");
        }
    }

    private static String describe(ClientFleet.Step s) {
        return String.format(Locale.ROOT, "%s: published %d (%.0f/s%s), delivered %d (%.0f/s), p50 %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms, lost %d, duplicates %d, reordered %d%s", s.name, s.published, s.publishedPerSecond(),
                s.aborted ? ", stopped: hub behind" : "", s.received.sum(), s.deliveriesPerSecond(), s.percentileMs(50),
                s.percentileMs(99), s.maxMs(), s.lost(), s.duplicates.sum(), s.reordered.sum(),
                s.cpu.isEmpty() ? "" : "; " + s.cpu);
    }

    private static List<String> report(Config config, HubResult ours, HubResult peer) {
        List<String> lines = new ArrayList<>();
        lines.add("# P6 event fan-out, " + Instant.now() + ", " + machine());
        lines.add(String.format(Locale.ROOT, "# %d connections (%d per user, each following its own chat), steady %d events/s "
                        + "for %.0f s after a %.0f s warm-up, burst of one event per chat, ramp %s events/s x %.0f s; "
                        + "ours = Quarkus hub (packaged jar, own JVM, -Xmx%s%s, replay store in PostgreSQL%s), "
                        + "peer = Node.js %s ws + kafkajs hub (%s)",
                config.clients(), CHATS_PER_USER, config.rate(), config.steadySeconds(), config.warmupSeconds(),
                java.util.Arrays.toString(config.ramp()), config.rampSeconds(), config.heap(),
                config.hubJvmOptions().isEmpty() ? "" : " " + String.join(" ", config.hubJvmOptions()),
                config.hubProperties().isEmpty() ? "" : ", " + config.hubProperties(), nodeVersion(),
                peer.name().equals("node-store") ? "durable mode: the same PostgreSQL replay store, schema and batch statement"
                        : "in memory, no replay store"));
        lines.add("name, ours, peer, ratio, unit");
        rows(lines, "", ours, peer);
        lines.add("# targets: p99 < 25 ms at 1,000 events/s -> " + verdict(ours.steady().percentileMs(99) < TARGET_P99_MS)
                + "; >= 2x the peer's sustained deliveries/s at p99 < 25 ms -> "
                + verdict(twice(ours.sustainedMax(), peer.sustainedMax()))
                + "; zero lost or reordered per subscription -> "
                + verdict(ours.lost() == 0 && ours.cursorBreaks() == 0 && ours.steady().reordered.sum() == 0
                && ours.burst().reordered.sum() == 0 && ours.ramp().stream().allMatch(s -> s.reordered.sum() == 0)));
        lines.add("# " + ours.name() + " steps:");
        lines.addAll(stepLines(ours));
        lines.add("# " + peer.name() + " steps:");
        lines.addAll(stepLines(peer));
        return lines;
    }

    /** The {@code name, ours, peer, ratio, unit} rows of one comparison, each name prefixed {@code p6_<prefix>}. */
    private static void rows(List<String> lines, String prefix, HubResult ours, HubResult peer) {
        row(lines, prefix + "steady_deliveries_per_s", ours.steady().deliveriesPerSecond(), peer.steady().deliveriesPerSecond(), "deliveries/s");
        row(lines, prefix + "steady_p50_latency", ours.steady().percentileMs(50), peer.steady().percentileMs(50), "ms");
        row(lines, prefix + "steady_p99_latency", ours.steady().percentileMs(99), peer.steady().percentileMs(99), "ms");
        row(lines, prefix + "steady_max_latency", ours.steady().maxMs(), peer.steady().maxMs(), "ms");
        row(lines, prefix + "steady_lost", ours.steady().lost(), peer.steady().lost(), "events");
        row(lines, prefix + "steady_reordered", ours.steady().reordered.sum(), peer.steady().reordered.sum(), "events");
        row(lines, prefix + "steady_duplicates", ours.steady().duplicates.sum(), peer.steady().duplicates.sum(), "events");
        row(lines, prefix + "burst_p50_latency", ours.burst().percentileMs(50), peer.burst().percentileMs(50), "ms");
        row(lines, prefix + "burst_p99_latency", ours.burst().percentileMs(99), peer.burst().percentileMs(99), "ms");
        row(lines, prefix + "burst_max_latency", ours.burst().maxMs(), peer.burst().maxMs(), "ms");
        row(lines, prefix + "burst_deliveries_per_s", ours.burst().deliveriesPerSecond(), peer.burst().deliveriesPerSecond(), "deliveries/s");
        row(lines, prefix + "burst_lost", ours.burst().lost(), peer.burst().lost(), "events");
        row(lines, prefix + "max_sustained_deliveries_per_s_p99_under_25ms", ours.sustainedMax(), peer.sustainedMax(), "deliveries/s");
        row(lines, prefix + "max_sustained_deliveries_per_s_p99_under_50ms", ours.sustainedMax50(), peer.sustainedMax50(), "deliveries/s");
        row(lines, prefix + "max_sustained_deliveries_per_s_p99_under_100ms", ours.sustainedMax100(), peer.sustainedMax100(), "deliveries/s");
        row(lines, prefix + "lost_all_phases", ours.lost(), peer.lost(), "events");
        row(lines, prefix + "cursor_breaks_all_phases", ours.cursorBreaks(), peer.cursorBreaks(), "frames");
        row(lines, prefix + "foreign_stream_frames", ours.foreign(), peer.foreign(), "frames");
        row(lines, prefix + "unexpected_closes", ours.unexpectedCloses(), peer.unexpectedCloses(), "connections");
        row(lines, prefix + "hub_cpu_per_1000_deliveries_steady", ours.cpuPer1000Steady(), peer.cpuPer1000Steady(), "cpu-s");
        row(lines, prefix + "hub_rss_after_run", ours.residentMiB(), peer.residentMiB(), "MiB");
        row(lines, prefix + "connect_all_clients", ours.connectSeconds(), peer.connectSeconds(), "s");
    }

    /** One line per step of the hub, and how its unexpected closes ended, if any. */
    private static List<String> stepLines(HubResult hub) {
        List<String> lines = new ArrayList<>();
        for (ClientFleet.Step step : steps(hub)) {
            lines.add("#   " + describe(step));
        }
        if (hub.unexpectedCloses() > 0) {
            lines.add("#   closes: " + hub.closeReasons());
        }
        return lines;
    }

    /**
     * Ours against the Node peer in its durable mode (the same replay store and batch statement as ours, so the same
     * job on this path): the same rows, prefixed {@code p6_durable_}, its verdicts and its steps.
     */
    private static List<String> durableReport(HubResult ours, HubResult durable) {
        List<String> lines = new ArrayList<>();
        lines.add("# ours against the Node hub in durable mode (STORE_URL: the same PostgreSQL replay store, schema and batch statement)");
        rows(lines, "durable_", ours, durable);
        lines.add("# ours against the durable peer: >= 2x its sustained deliveries/s at p99 < 25 / 50 / 100 ms -> "
                + verdict(twice(ours.sustainedMax(), durable.sustainedMax())) + " / "
                + verdict(twice(ours.sustainedMax50(), durable.sustainedMax50())) + " / "
                + verdict(twice(ours.sustainedMax100(), durable.sustainedMax100())));
        lines.add("# " + durable.name() + " steps:");
        lines.addAll(stepLines(durable));
        return lines;
    }

    /** Our hub's batch write (ReplayRepository.STORE_BATCH, private to it), for the durable peer to run word for word. */
    private static String storeBatchStatement() throws ReflectiveOperationException {
        Field statement = ReplayRepository.class.getDeclaredField("STORE_BATCH");
        statement.setAccessible(true);
        return (String) statement.get(null);
    }

    /** Twice the peer's rate, where the peer sustained one at all (a peer that holds no step is not a win). */
    private static boolean twice(double ours, double peer) {
        return peer > 0 && ours >= 2 * peer;
    }

    private static List<ClientFleet.Step> steps(HubResult hub) {
        List<ClientFleet.Step> all = new ArrayList<>(List.of(hub.steady(), hub.burst()));
        all.addAll(hub.ramp());
        return all;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void row(List<String> lines, String name, double ours, double peer, String unit) {
        String ratio = peer == 0 || Double.isNaN(peer) || Double.isNaN(ours) ? "-" : fmt(ours / peer);
        lines.add("p6_" + name + ", " + fmt(ours) + ", " + fmt(peer) + ", " + ratio + ", " + unit);
    }

    private static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
                : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: the CPU stays unnamed
        }
        String load = "";
        try {
            load = ", load before " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " vCPU " + cpu + load + ", Java "
                + System.getProperty("java.version") + "; clients, both hubs, Kafka and PostgreSQL share these cores";
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "node";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
