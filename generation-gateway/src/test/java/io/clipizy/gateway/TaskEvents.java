package io.clipizy.gateway;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.function.Predicate;

/** Reads one task's events from task.events in the tests. */
public final class TaskEvents {
    private TaskEvents() {
    }

    /**
     * Records of other tasks read while waiting for one task, kept per client until a test asks for them: two tasks
     * that end together (the sweeper fails both in one pass) have their events in the same poll, and reading the first
     * task's must not throw the second's away.
     */
    private static final Map<KafkaTestClient, Map<String, ArrayDeque<String>>> LATER = new WeakHashMap<>();

    /** The task's events up to and including the first that matches {@code until} (or all seen by the timeout). */
    public static synchronized List<TaskEvent> until(KafkaTestClient kafka, UUID taskId, Predicate<TaskEvent> until,
                                                     Duration timeout) {
        String key = taskId.toString();
        Map<String, ArrayDeque<String>> later = LATER.computeIfAbsent(kafka, k -> new HashMap<>());
        List<TaskEvent> events = new ArrayList<>();
        ArrayDeque<String> kept = later.getOrDefault(key, new ArrayDeque<>());
        while (!kept.isEmpty()) {
            TaskEvent event = JsonCodec.decode(kept.poll(), TaskEvent.class);
            events.add(event);
            if (until.test(event)) {
                return events;
            }
        }
        later.remove(key);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var records = kafka.await(r -> true, 1, Duration.ofMillis(500));
            for (int i = 0; i < records.size(); i++) {
                var record = records.get(i);
                if (!key.equals(record.key())) {
                    later.computeIfAbsent(record.key(), k -> new ArrayDeque<>()).add(record.value());
                    continue;
                }
                TaskEvent event = JsonCodec.decode(record.value(), TaskEvent.class);
                events.add(event);
                if (until.test(event)) {
                    // the rest of this poll is kept too: another task's event published just after this one (the
                    // sweeper fails several tasks in one pass) must not be thrown away with the batch
                    for (var rest : records.subList(i + 1, records.size())) {
                        later.computeIfAbsent(rest.key(), k -> new ArrayDeque<>()).add(rest.value());
                    }
                    return events;
                }
            }
        }
        return events;
    }

    /** The task's events until it ends (SUCCEEDED, FAILED or CANCELLED). */
    public static List<TaskEvent> untilEnd(KafkaTestClient kafka, UUID taskId, Duration timeout) {
        return until(kafka, taskId, TaskEvents::terminal, timeout);
    }

    public static boolean terminal(TaskEvent e) {
        return e.status() == TaskStatus.SUCCEEDED || e.status() == TaskStatus.FAILED
                || e.status() == TaskStatus.CANCELLED;
    }

    public static TaskEvent last(List<TaskEvent> events) {
        if (events.isEmpty()) {
            throw new AssertionError("no events");
        }
        return events.get(events.size() - 1);
    }
}
