package io.clipizy.gateway.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.gateway.provider.Provider;
import io.clipizy.gateway.provider.ProviderCall;
import io.clipizy.gateway.provider.ProviderHealth;
import io.clipizy.gateway.provider.ProviderJob;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Providers that exist only in the tests, to drive the executor through what real providers do slowly or rarely. */
final class TestProviders {
    private TestProviders() {
    }

    /** Counts calls per task. */
    static final class Calls {
        final Map<UUID, AtomicInteger> starts = new ConcurrentHashMap<>();
        final Map<UUID, AtomicInteger> follows = new ConcurrentHashMap<>();
        final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

        int starts(UUID id) {
            return starts.getOrDefault(id, new AtomicInteger()).get();
        }

        int follows(UUID id) {
            return follows.getOrDefault(id, new AtomicInteger()).get();
        }

        void start(UUID id) {
            starts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }

        void follow(UUID id) {
            follows.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    abstract static class Base implements Provider {
        final Calls calls = new Calls();

        /** The calls seen (a method, so that it reaches the bean behind its client proxy). */
        Calls calls() {
            return calls;
        }

        @Override
        public Set<TaskKind> kinds() {
            // every kind but the LLM ones: the jobs API picks any configured text or vision provider, and these
            // always-configured test providers must not answer for one there
            return EnumSet.complementOf(EnumSet.of(TaskKind.TEXT_GENERATION, TaskKind.IMAGE_DESCRIPTION));
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public Uni<ProviderHealth> probe() {
            return Uni.createFrom().item(new ProviderHealth(name(), true, true, 0L, null, Instant.now()));
        }

        @Override
        public Uni<Void> cancel(ProviderCall call, ProviderJob job) {
            calls.cancelled.add(call.taskId());
            return Uni.createFrom().voidItem();
        }
    }

    /** A remote-style job that answers at once: its result names the job it followed. */
    @ApplicationScoped
    static class Echo extends Base {
        @Override
        public String name() {
            return "test-echo";
        }

        @Override
        public Uni<ProviderJob> start(ProviderCall call) {
            calls.start(call.taskId());
            return Uni.createFrom().item(new ProviderJob(name(), List.of("echo-" + call.taskId()), null));
        }

        @Override
        public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
            calls.follow(call.taskId());
            ObjectNode result = JsonCodec.mapper().createObjectNode().put("jobId", job.jobIds().get(0));
            result.set("params", call.params());
            return Uni.createFrom().item(new ProviderResult(List.of(), result));
        }
    }

    /** A remote-style job that runs until cancelled, with a file in its work directory. */
    @ApplicationScoped
    static class Hold extends Base {
        @Override
        public String name() {
            return "test-hold";
        }

        @Override
        public Uni<ProviderJob> start(ProviderCall call) {
            calls.start(call.taskId());
            return Uni.createFrom().item(new ProviderJob(name(), List.of("hold-" + call.taskId()), null));
        }

        @Override
        public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
            calls.follow(call.taskId());
            try {
                Files.writeString(call.workDir().resolve("partial.bin"), "half-done work");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            call.progress().report(0.1, "Holding");
            return Uni.createFrom().emitter(emitter -> { });
        }
    }

    /** An inline job that reports progress a thousand times, then answers. */
    @ApplicationScoped
    static class Chatty extends Base {
        @Override
        public String name() {
            return "test-chatty";
        }

        @Override
        public Uni<ProviderJob> start(ProviderCall call) {
            calls.start(call.taskId());
            return Uni.createFrom().item(ProviderJob.inline(name()));
        }

        @Override
        public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
            calls.follow(call.taskId());
            return Uni.createFrom().item(() -> {
                for (int i = 1; i <= 1000; i++) {
                    call.progress().report(i / 1000.0, "step " + i + " of 1000");
                    if (i % 10 == 0) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
                return new ProviderResult(List.of(), JsonCodec.mapper().createObjectNode().put("reports", 1000));
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
    }

    /** A provider that is always down: its start fails as retryable unavailability (a 503, a refused connection). */
    @ApplicationScoped
    static class Down extends Base {
        @Override
        public String name() {
            return "test-down";
        }

        @Override
        public Uni<ProviderJob> start(ProviderCall call) {
            calls.start(call.taskId());
            return Uni.createFrom().failure(io.clipizy.gateway.provider.ProviderException.unavailable(
                    "test-down answered 503", null, null));
        }

        @Override
        public Uni<ProviderResult> follow(ProviderCall call, ProviderJob job) {
            return Uni.createFrom().failure(new IllegalStateException("never started"));
        }
    }
}
