package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.gateway.provider.ProgressSink;
import io.clipizy.gateway.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.WebSocket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Follows one queued prompt to its end: live progress from the {@code /ws} messages, the end confirmed by reading
 * {@code /history} (the messages only say when to look). When the socket cannot be opened or drops, it falls back to
 * polling {@code /history}; a prompt the server no longer has anywhere (restarted server) is a lost job. Bounded by
 * the task's deadline.
 */
final class PromptWatch {
    private static final Logger LOG = Logger.getLogger(PromptWatch.class);
    private static final long HINT_RECHECK_MS = 250;
    private static final int MAX_HINT_RECHECKS = 40;

    private final Vertx vertx;
    private final ComfyUiClient client;
    private final ComfyUiSettings settings;
    private final ComfyUiJob job;
    private final ProgressSink progress;
    private final Instant deadline;

    private UniEmitter<? super JsonNode> emitter;
    private WebSocket socket;
    private boolean socketUp;
    private boolean finished;
    private boolean checking;
    private boolean recheck;
    private int hintRechecks;
    private long periodicTimer = -1;
    private long deadlineTimer = -1;
    private final Set<String> doneNodes = new HashSet<>();
    private String runningNode;
    private boolean started;

    PromptWatch(Vertx vertx, ComfyUiClient client, ComfyUiSettings settings, ComfyUiJob job, ProgressSink progress,
                Instant deadline) {
        this.vertx = vertx;
        this.client = client;
        this.settings = settings;
        this.job = job;
        this.progress = progress;
        this.deadline = deadline;
    }

    /** The prompt's {@code /history} entry once it has ended (successfully or not). */
    Uni<JsonNode> await() {
        return Uni.createFrom().<JsonNode>emitter(e -> {
            synchronized (this) {
                emitter = e;
            }
            e.onTermination(this::cleanUp);
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                fail(ProviderException.timeout("The task's deadline passed while ComfyUI was running it"));
                return;
            }
            long timer = vertx.setTimer(left, id -> fail(ProviderException.timeout(
                    "ComfyUI did not finish prompt " + job.promptId() + " before the task's deadline")));
            synchronized (this) {
                deadlineTimer = timer;
            }
            client.connect(job.baseUrl(), job.clientId()).subscribe().with(this::socketOpened, failure -> {
                LOG.debugf("ComfyUI WebSocket unavailable for prompt %s, polling /history: %s", job.promptId(),
                        failure.getMessage());
                polling();
            });
        });
    }

    private void socketOpened(WebSocket ws) {
        synchronized (this) {
            if (finished) {
                ws.closeAndForget();
                return;
            }
            socket = ws;
            socketUp = true;
        }
        ws.textMessageHandler(this::message);
        ws.exceptionHandler(failure -> socketLost());
        ws.closeHandler(this::socketLost);
        schedule(settings.socketCheckInterval());
        // The prompt may have ended before the socket was open: look once now.
        check();
    }

    private void socketLost() {
        synchronized (this) {
            if (!socketUp || finished) {
                return;
            }
            socketUp = false;
        }
        LOG.debugf("ComfyUI WebSocket dropped while following prompt %s; polling /history", job.promptId());
        polling();
    }

    private void polling() {
        schedule(settings.pollInterval());
        check();
    }

    private synchronized void schedule(Duration every) {
        if (finished) {
            return;
        }
        if (periodicTimer >= 0) {
            vertx.cancelTimer(periodicTimer);
        }
        periodicTimer = vertx.setPeriodic(Math.max(10, every.toMillis()), id -> check());
    }

    /** One ComfyUI message: progress, or a hint that the prompt ended and its history can be read. */
    private void message(String text) {
        JsonNode message;
        try {
            message = JsonCodec.mapper().readTree(text);
        } catch (IOException e) {
            return;
        }
        String type = message.path("type").asText("");
        JsonNode data = message.path("data");
        if (data.hasNonNull("prompt_id") && !job.promptId().equals(data.path("prompt_id").asText())) {
            return;
        }
        switch (type) {
            case "status":
                if (!started) {
                    int remaining = data.path("status").path("exec_info").path("queue_remaining").asInt(-1);
                    if (remaining > 0) {
                        progress.report(0.01, "Waiting in the ComfyUI queue (" + remaining + " prompt"
                                + (remaining == 1 ? "" : "s") + " queued)");
                    }
                }
                break;
            case "execution_start":
                started = true;
                progress.report(0.02, "ComfyUI started the job");
                break;
            case "execution_cached":
                data.path("nodes").forEach(node -> doneNodes.add(node.asText()));
                report(null);
                break;
            case "executing":
                if (runningNode != null) {
                    doneNodes.add(runningNode);
                }
                if (data.path("node").isNull() || data.path("node").isMissingNode()) {
                    runningNode = null;
                    hinted();
                } else {
                    started = true;
                    runningNode = data.path("node").asText();
                    report(null);
                }
                break;
            case "progress": {
                int value = data.path("value").asInt(0);
                int max = data.path("max").asInt(0);
                if (max > 0) {
                    report(new int[] {value, max});
                }
                break;
            }
            case "executed":
                doneNodes.add(data.path("node").asText());
                report(null);
                break;
            case "execution_success":
            case "execution_error":
            case "execution_interrupted":
                hinted();
                break;
            default:
                break;
        }
    }

    private void report(int[] step) {
        int total = Math.max(1, job.nodes());
        double within = step == null ? 0 : Math.min(1, (double) step[0] / step[1]);
        double fraction = 0.05 + 0.9 * Math.min(1, (doneNodes.size() + within) / total);
        String message = step != null ? "Generating: step " + step[0] + " of " + step[1]
                : "Running the graph (" + Math.min(total, doneNodes.size() + 1) + " of " + total + " nodes)";
        progress.report(fraction, message);
    }

    /** The socket said the prompt ended: read the history now and, until it shows, again shortly. */
    private void hinted() {
        synchronized (this) {
            hintRechecks = MAX_HINT_RECHECKS;
        }
        check();
    }

    private void check() {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (checking) {
                recheck = true;
                return;
            }
            checking = true;
        }
        client.history(job.baseUrl(), job.promptId())
                .chain(entry -> entry.isPresent() && ended(entry.get()) ? Uni.createFrom().item(entry)
                        : lostCheck().map(ignored -> Optional.<JsonNode>empty()))
                .subscribe().with(this::checked, this::fail);
    }

    /** A prompt neither in the history nor in the queue is gone (the server restarted or the queue was cleared). */
    private Uni<Void> lostCheck() {
        return client.queue(job.baseUrl(), job.promptId()).chain(place -> {
            if (place != ComfyUiClient.QueuePlace.ABSENT) {
                return Uni.createFrom().voidItem();
            }
            // It may have finished between the two reads: look at the history once more before calling it lost.
            return client.history(job.baseUrl(), job.promptId()).map(again -> {
                if (again.isEmpty()) {
                    throw ProviderException.rejected("ComfyUI no longer has prompt " + job.promptId()
                            + " in its queue or history (was the server restarted?)");
                }
                return null;
            });
        });
    }

    private static boolean ended(JsonNode entry) {
        JsonNode status = entry.path("status");
        String text = status.path("status_str").asText("");
        return status.path("completed").asBoolean(false) || "success".equals(text) || "error".equals(text);
    }

    private void checked(Optional<JsonNode> entry) {
        boolean again;
        long hintDelay = -1;
        synchronized (this) {
            checking = false;
            if (entry.isPresent()) {
                finished = true;
            }
            again = recheck && !finished;
            recheck = false;
            if (!finished && !again && hintRechecks > 0) {
                hintRechecks--;
                hintDelay = HINT_RECHECK_MS;
            }
        }
        if (entry.isPresent()) {
            emitter.complete(entry.get());
        } else if (again) {
            check();
        } else if (hintDelay > 0) {
            vertx.setTimer(hintDelay, id -> check());
        }
    }

    private void fail(Throwable failure) {
        UniEmitter<? super JsonNode> target;
        synchronized (this) {
            checking = false;
            if (finished) {
                return;
            }
            finished = true;
            target = emitter;
        }
        if (target != null) {
            target.fail(failure);
        }
    }

    private void cleanUp() {
        WebSocket ws;
        synchronized (this) {
            finished = true;
            if (periodicTimer >= 0) {
                vertx.cancelTimer(periodicTimer);
            }
            if (deadlineTimer >= 0) {
                vertx.cancelTimer(deadlineTimer);
            }
            ws = socket;
            socket = null;
            socketUp = false;
        }
        if (ws != null && !ws.isClosed()) {
            ws.closeAndForget();
        }
    }
}
