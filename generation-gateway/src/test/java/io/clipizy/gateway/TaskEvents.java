package io.clipizy.gateway;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads one task's events from task.events in the tests. */
public final class TaskEvents {
    private TaskEvents() {
    }

    /** The task's events up to and including the first that matches {@code until} (or all seen by the timeout). */
    public static List<TaskEvent> until(KafkaTestClient kafka, UUID taskId, Predicate<TaskEvent> until,
                                        Duration timeout) {
        List<TaskEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (var record : kafka.await(r -> r.key().equals(taskId.toString()), 1, Duration.ofMillis(500))) {
                TaskEvent event = JsonCodec.decode(record.value(), TaskEvent.class);
                events.add(event);
                if (until.test(event)) {
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
